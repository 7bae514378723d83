"""The offline collector: an NT 4.0 system tree, mounted read-only or copied (a VM disk image,
a backup of C:\\), read without booting it. The registry comes from the hive files in
%SystemRoot%\\system32\\config (SYSTEM, SOFTWARE) through hivex; the files from the tree."""

import argparse
import os
import stat
import sys

import hivex

from . import facts as rules
from . import inventory_xml, pe_version
from .walk import Walk, reason

NAME = "hotfix-offline-inventory"


class HiveRegistry:
    """`facts.Registry` over the SYSTEM and SOFTWARE hive files. CurrentControlSet is not
    stored in a hive: it is the ControlSet00N that SYSTEM\\Select\\Current names."""

    def __init__(self, system_path, software_path):
        self.hives = {}
        for name, path in (("SYSTEM", system_path), ("SOFTWARE", software_path)):
            try:
                self.hives[name] = hivex.Hivex(path)
            except (OSError, RuntimeError) as error:
                raise rules.NotJudgeable(f"cannot read the registry hive {path}: {reason(error)}") from error
        current = self._raw_value("SYSTEM", ["Select"], "Current")
        self.control_set = f"ControlSet{current:03d}" if isinstance(current, int) and current > 0 else "ControlSet001"

    def _node(self, hive, parts):
        """The key's node, None when it is missing; RegistryUnreadable when the hive is broken
        on the way (a damaged subkey list)."""
        h = self.hives[hive]
        node = h.root()
        for part in parts:
            try:
                node = h.node_get_child(node, part)
            except RuntimeError as error:
                raise rules.RegistryUnreadable(reason(error)) from error
            if not node:
                return None
        return node

    def _split(self, path):
        parts = path.split("\\")
        hive, rest = parts[0].upper(), parts[1:]
        if hive == "SYSTEM" and rest and rest[0].lower() == "currentcontrolset":
            rest = [self.control_set] + rest[1:]
        return hive, rest

    def _raw_value(self, hive, parts, name):
        node = self._node(hive, parts)
        if node is None:
            return None
        h = self.hives[hive]
        try:
            value = h.node_get_value(node, name)
        except RuntimeError:
            return None
        kind = h.value_type(value)[0]
        try:
            if kind in (1, 2):  # REG_SZ, REG_EXPAND_SZ
                return h.value_string(value)
            if kind == 4:  # REG_DWORD
                return h.value_dword(value)
            if kind == 7:  # REG_MULTI_SZ
                return h.value_multiple_strings(value)
            return h.value_value(value)[1]
        except RuntimeError as error:
            raise rules.RegistryUnreadable(reason(error)) from error

    def value(self, path, name):
        hive, parts = self._split(path)
        return self._raw_value(hive, parts, name)

    def subkeys(self, path):
        hive, parts = self._split(path)
        node = self._node(hive, parts)
        if node is None:
            return None
        h = self.hives[hive]
        try:
            return [h.node_name(child) for child in h.node_children(node)]
        except RuntimeError as error:
            raise rules.RegistryUnreadable(reason(error)) from error


class TreeSource:
    """A folder of the tree, as `walk.Walk` reads it."""

    def __init__(self, root):
        self.root = root

    def _path(self, relative):
        return os.path.join(self.root, *relative.split("\\")) if relative else self.root

    def list(self, relative):
        result = []
        with os.scandir(self._path(relative)) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISLNK(info.st_mode):
                    continue  # NT 4.0 has no links; a copy's links lead out of the host
                result.append((entry.name, stat.S_ISDIR(info.st_mode), info.st_size if stat.S_ISREG(info.st_mode) else None, info.st_mtime))
        return [r for r in result if r[1] or r[2] is not None]

    def read(self, relative, offset, length):
        return read_at(self._path(relative), offset, length)


def find(folder, windows_relative):
    """The path under `folder` of a Windows path part by part, without regard to case (a copy
    on a case-sensitive file system keeps NT's mixed case: WINNT, System32), or None."""
    path = folder
    for part in [p for p in windows_relative.split("\\") if p]:
        try:
            names = os.listdir(path)
        except OSError:
            return None
        match = next((n for n in names if n == part), None) or next((n for n in names if n.lower() == part.lower()), None)
        if match is None:
            return None
        path = os.path.join(path, match)
    return path


def system_roots(root):
    """Top folders of the tree holding system32\\config\\SOFTWARE and SYSTEM."""
    found = []
    for name in sorted(os.listdir(root)):
        config = find(os.path.join(root, name), r"system32\config")
        if config and find(config, "SOFTWARE") and find(config, "SYSTEM"):
            found.append(name)
    return found


def collect(arguments, warn):
    root = arguments.root
    if not os.path.isdir(root):
        raise rules.NotJudgeable(f"{root} is not a folder (expected the root of the host's system drive, C:\\)")
    if arguments.system_root:
        folder = find(root, arguments.system_root)
        if folder is None:
            raise rules.NotJudgeable(f"no folder {arguments.system_root} under {root}")
        candidates = [os.path.relpath(folder, root)]
    else:
        candidates = system_roots(root)
        if not candidates:
            raise rules.NotJudgeable(f"no Windows folder under {root}: none holds system32\\config\\SOFTWARE and SYSTEM (is it the system drive's root?)")
        if len(candidates) > 1:
            raise rules.NotJudgeable(f"several Windows folders under {root} ({', '.join(candidates)}): name one with --system-root")
    windows = os.path.join(root, candidates[0])
    config = find(windows, r"system32\config")
    registry = HiveRegistry(find(config, "SYSTEM"), find(config, "SOFTWARE"))

    kernel = find(windows, r"system32\ntoskrnl.exe")
    kernel_version = pe_version.version_of(lambda o, n: read_at(kernel, o, n), os.path.getsize(kernel)) if kernel else None
    host = rules.read_facts(registry, kernel_version, arguments.name or "")
    if arguments.name:
        host.name = arguments.name
    if not host.name:
        raise rules.NotJudgeable("the SYSTEM hive names no computer (ComputerName): give one with --name")
    for message in host.warnings:
        warn(message)

    drives = {"C": root}
    for mapping in arguments.drive:
        letter, _, path = mapping.partition("=")
        drives[letter.strip().rstrip(":").upper()] = path
    walk = Walk(warn)
    system_root = host.system_root.rstrip("\\")
    if os.path.basename(windows).lower() != system_root.split("\\")[-1].lower():
        warn(f"SystemRoot is {system_root}, but the tree's Windows folder is {candidates[0]}: listed as {system_root}")
    walk.folder(TreeSource(windows), system_root, skip_places=True)
    walk.folder(TreeSource(drives["C"]), "C:\\", recursive=False)
    for folder in host.program_folders + arguments.folder:
        local = local_folder(folder, drives)
        if local is None:
            warn(f"{folder}: not in the tree (give its drive with --drive LETTER=PATH): skipped")
            continue
        walk.folder(TreeSource(local), folder.rstrip("\\"))
    return host, walk


def read_at(path, offset, length):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(length)


def local_folder(windows_path, drives):
    letter, _, rest = windows_path.partition(":")
    base = drives.get(letter.upper())
    return find(base, rest) if base and len(letter) == 1 else None


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="Write the hotfix-check inventory of a Windows NT 4.0 system tree that is mounted or copied, without booting it.")
    parser.add_argument("root", help="the root of the host's system drive (C:\\), mounted read-only or copied")
    parser.add_argument("-o", "--output", help="the inventory file, or a folder that gets HOSTNAME.xml (default: HOSTNAME.xml here)")
    parser.add_argument("--system-root", help="the Windows folder under ROOT (WINNT), where the tree holds more than one")
    parser.add_argument("--name", help="the host name to record (default: the computer name in the SYSTEM hive)")
    parser.add_argument("--drive", action="append", default=[], metavar="LETTER=PATH", help="where another drive of the host is (D=/mnt/nt-d), for folders on it")
    parser.add_argument("--folder", action="append", default=[], metavar="WINDOWS_PATH", help="another folder to list (D:\\InetPub); repeatable")
    parser.add_argument("--version", action="version", version=f"{NAME} {inventory_xml.VERSION}")
    arguments = parser.parse_args(argv)

    def warn(message):
        print(f"{NAME}: warning: {message}", file=sys.stderr)

    inventory_xml.interrupt_on_signals()
    try:
        host, walk = collect(arguments, warn)
        output = arguments.output or host.name + ".xml"
        if os.path.isdir(output):
            output = os.path.join(output, host.name + ".xml")
        inventory_xml.write_whole(output, inventory_xml.render(host, walk.files, NAME))
    except rules.RegistryUnreadable as error:
        print(f"{NAME}: error: cannot read the registry: {reason(error)}", file=sys.stderr)
        return 1
    except (rules.NotJudgeable, OSError) as error:
        print(f"{NAME}: error: {reason(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{NAME}: interrupted: nothing written", file=sys.stderr)
        return 130
    note = f"; {walk.skipped} folders could not be read (see the warnings)" if walk.skipped else ""
    print(f"{NAME}: wrote {output}: {inventory_xml.describe(host, walk.files)}{note}")
    return 0
