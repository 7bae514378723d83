"""The remote collector: NT 4.0 hosts read over SMB1 (NT LM 0.12, the only dialect NT 4.0
speaks) with an administrator's credentials, as HFNetChk and MBSA did: the registry through
the remote registry (\\PIPE\\winreg), the files through the admin shares (ADMIN$, C$), with
impacket. Nothing is installed or changed on the hosts."""

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from impacket import nmb, smb
from impacket.dcerpc.v5 import rrp, transport
from impacket.dcerpc.v5.rpcrt import DCERPCException
from impacket.smbconnection import SMBConnection, SessionError

from . import credentials as secrets
from . import facts as rules
from . import inventory_xml, pe_version
from .walk import Walk, reason

NAME = "hotfix-remote-inventory"
ERROR_FILE_NOT_FOUND = 2
ERROR_NO_MORE_ITEMS = 259
NETBIOS_PORT = 139


class HostError(Exception):
    """One host could not be collected: unreachable, refused, not NT 4.0."""


class RemoteRegistry:
    """`facts.Registry` over winreg on the host's IPC$."""

    def __init__(self, connection, address, port):
        rpc = transport.SMBTransport(address, port, r"\winreg", smb_connection=connection)
        self.dce = rpc.get_dce_rpc()
        self.dce.connect()
        self.dce.bind(rrp.MSRPC_UUID_RRP)
        self.hklm = rrp.hOpenLocalMachine(self.dce)["phKey"]

    def _open(self, path):
        try:
            return rrp.hBaseRegOpenKey(self.dce, self.hklm, path, samDesired=rrp.KEY_READ)["phkResult"]
        except rrp.DCERPCSessionError as error:
            if error.get_error_code() == ERROR_FILE_NOT_FOUND:
                return None
            raise rules.RegistryUnreadable(reason(error)) from error

    def value(self, path, name):
        key = self._open(path)
        if key is None:
            return None
        try:
            _, data = rrp.hBaseRegQueryValue(self.dce, key, name)
        except rrp.DCERPCSessionError as error:
            if error.get_error_code() == ERROR_FILE_NOT_FOUND:
                return None
            raise rules.RegistryUnreadable(reason(error)) from error
        finally:
            rrp.hBaseRegCloseKey(self.dce, key)
        if isinstance(data, str):
            return data.rstrip("\0")
        if isinstance(data, list):
            return [s.rstrip("\0") for s in data if s.rstrip("\0")]
        return data

    def subkeys(self, path):
        key = self._open(path)
        if key is None:
            return None
        names = []
        try:
            while True:
                try:
                    answer = rrp.hBaseRegEnumKey(self.dce, key, len(names))
                except rrp.DCERPCSessionError as error:
                    if error.get_error_code() == ERROR_NO_MORE_ITEMS:
                        return names
                    raise rules.RegistryUnreadable(reason(error)) from error
                names.append(answer["lpNameOut"].rstrip("\0"))
        finally:
            rrp.hBaseRegCloseKey(self.dce, key)


class ShareSource:
    """A folder of an admin share (ADMIN$, C$), as `walk.Walk` reads it."""

    def __init__(self, connection, share, base=""):
        self.connection = connection
        self.share = share
        self.base = base.strip("\\")
        self.tree = None

    def _path(self, relative):
        return "\\".join(p for p in (self.base, relative) if p)

    def list(self, relative):
        pattern = "\\" + "\\".join(p for p in (self._path(relative), "*") if p)
        return [(f.get_longname(), f.is_directory() != 0, None if f.is_directory() else f.get_filesize(), f.get_mtime_epoch())
                for f in self.connection.listPath(self.share, pattern)]

    def read(self, relative, offset, length):
        if self.tree is None:
            self.tree = self.connection.connectTree(self.share)
        handle = self.connection.openFile(
            self.tree, self._path(relative), desiredAccess=smb.FILE_READ_DATA,
            shareMode=smb.FILE_SHARE_READ | smb.FILE_SHARE_WRITE | smb.FILE_SHARE_DELETE)
        try:
            data = b""
            while len(data) < length:
                piece = self.connection.readFile(self.tree, handle, offset + len(data), length - len(data))
                if not piece:
                    break
                data += piece
            return data
        finally:
            self.connection.closeFile(self.tree, handle)


def connect(host, credentials, timeout):
    """An SMB1 session with the host, logged on; HostError says why not."""
    name, address, port = host
    try:
        connection = SMBConnection(name, address, sess_port=port, preferredDialect=smb.SMB_DIALECT, timeout=timeout)
    except (OSError, nmb.NetBIOSError, nmb.NetBIOSTimeout, SessionError) as error:
        raise HostError(f"cannot reach {address} port {port}: {reason(error)}") from error
    try:
        connection.login(credentials.user, credentials.password, credentials.domain, nthash=credentials.nthash)
    except SessionError as error:
        connection.close()
        raise HostError(f"logon refused as {credentials.domain + chr(92) if credentials.domain else ''}{credentials.user}: {error.getErrorString()[0]}") from error
    return connection


def share_of(windows_path):
    """C:\\Program Files → ("C$", "Program Files")."""
    letter, _, rest = windows_path.partition(":")
    if len(letter) != 1 or not letter.isalpha():
        return None, None
    return letter.upper() + "$", rest.strip("\\")


def collect_host(host, credentials, options, warn):
    """The host's inventory text and a summary line, or HostError."""
    name, address, port = host
    connection = connect(host, credentials, options.timeout)
    try:
        try:
            registry = RemoteRegistry(connection, address, port)
        except (DCERPCException, SessionError, OSError) as error:
            raise HostError(f"cannot open the remote registry (\\PIPE\\winreg): {reason(error)}") from error
        system = ShareSource(connection, "ADMIN$")
        try:
            kernel = next((f for f in system.list("system32") if f[0].lower() == "ntoskrnl.exe"), None)
            kernel_version = pe_version.version_of(lambda o, n: system.read(r"system32\ntoskrnl.exe", o, n), kernel[2]) if kernel else None
        except SessionError as error:
            raise HostError(f"cannot read ADMIN$ (%SystemRoot%): {error.getErrorString()[0]}") from error
        try:
            facts = rules.read_facts(registry, kernel_version, name)
        except rules.RegistryUnreadable as error:
            raise HostError(f"cannot read the registry: {error}") from error
        for message in facts.warnings:
            warn(f"{name}: {message}")
        walk = Walk(lambda message: warn(f"{name}: {message}"))
        walk.folder(system, facts.system_root.rstrip("\\"), skip_places=True)
        walk.folder(ShareSource(connection, "C$"), "C:\\", recursive=False)
        for folder in facts.program_folders + options.folder:
            share, base = share_of(folder)
            if share is None:
                warn(f"{name}: {folder}: not a drive path: skipped")
                continue
            walk.folder(ShareSource(connection, share, base), folder.rstrip("\\"))
        return facts, walk
    except rules.NotJudgeable as error:
        raise HostError(str(error)) from error
    except (SessionError, DCERPCException, OSError, nmb.NetBIOSError, nmb.NetBIOSTimeout) as error:
        raise HostError(f"connection lost: {reason(error)}") from error
    finally:
        try:
            connection.close()
        except Exception:
            pass


def parse_host(text, default_port):
    """NAME, NAME@ADDRESS or NAME@ADDRESS:PORT; the NetBIOS name is NAME."""
    name, _, place = text.strip().partition("@")
    address, port = place or name, default_port
    if ":" in address:
        address, _, port_text = address.rpartition(":")
        if not port_text.isdigit():
            raise ValueError(f"bad port in {text!r}")
        port = int(port_text)
    if not name or not address:
        raise ValueError(f"bad host {text!r}: expected NAME, NAME@ADDRESS or NAME@ADDRESS:PORT")
    return name.upper(), address, port


class Meter:
    """Hosts done on a terminal (standard error), never in logs or pipes."""

    def __init__(self, total):
        self.total = total
        self.done = 0
        self.failed = 0
        self.lock = threading.Lock()
        self.terminal = sys.stderr.isatty()
        self.start = time.monotonic()
        self._draw()

    def say(self, line):
        with self.lock:
            if self.terminal:
                sys.stderr.write("\r\x1b[K")
            print(line, file=sys.stderr, flush=True)
            self._draw()

    def finished(self, ok):
        with self.lock:
            self.done += 1
            self.failed += 0 if ok else 1
            self._draw()

    def _draw(self):
        if self.terminal and self.done < self.total:
            sys.stderr.write(f"\r{self.done} of {self.total} hosts, {self.failed} failed, {time.monotonic() - self.start:.0f} s\x1b[K")
            sys.stderr.flush()

    def close(self):
        if self.terminal:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog=NAME,
        description="Write the hotfix-check inventory of Windows NT 4.0 hosts over the network (SMB1 and the remote registry), "
        "several at a time. Credentials: --credentials FILE (mode 600), HOTFIX_PASSWORD or HOTFIX_NTHASH, or a prompt.")
    parser.add_argument("hosts", nargs="*", metavar="HOST", help="NAME, NAME@ADDRESS or NAME@ADDRESS:PORT")
    parser.add_argument("--hosts-file", help="a file of hosts, one a line (# starts a comment)")
    parser.add_argument("-o", "--output", default=".", help="the folder that gets HOST.xml for each host (default: here)")
    parser.add_argument("-u", "--user", help="DOMAIN\\NAME of an administrator of the hosts")
    parser.add_argument("--credentials", metavar="FILE", help="username =, password = (or nthash =), domain = lines; refused unless only its owner can read it")
    parser.add_argument("--port", type=int, default=NETBIOS_PORT, help="the port of hosts that name none (default 139: NT 4.0 has no SMB on 445)")
    parser.add_argument("-j", "--jobs", type=int, default=4, help="hosts collected at once (default 4)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds to wait for a host's answer (default 30)")
    parser.add_argument("--folder", action="append", default=[], metavar="WINDOWS_PATH", help="another folder to list on every host (D:\\InetPub), through its admin share; repeatable")
    parser.add_argument("--version", action="version", version=f"{NAME} {inventory_xml.VERSION}")
    options = parser.parse_args(argv)

    texts = list(options.hosts)
    if options.hosts_file:
        try:
            with open(options.hosts_file, encoding="utf-8") as f:
                texts += [line.split("#", 1)[0].strip() for line in f if line.split("#", 1)[0].strip()]
        except OSError as error:
            parser.error(f"cannot read {options.hosts_file}: {error.strerror}")
    if not texts:
        parser.error("name at least one host, or --hosts-file")
    if options.jobs < 1:
        parser.error("--jobs must be 1 or more")
    try:
        hosts = [parse_host(text, options.port) for text in texts]
    except ValueError as error:
        parser.error(str(error))
    if not os.path.isdir(options.output):
        parser.error(f"the output folder does not exist: {options.output}")
    inventory_xml.interrupt_on_signals()
    try:
        credentials = secrets.gather(options.user, options.credentials)
    except secrets.CredentialError as error:
        print(f"{NAME}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\n{NAME}: interrupted: nothing written", file=sys.stderr)
        return 130

    meter = Meter(len(hosts))

    def one(host):
        facts, walk = collect_host(host, credentials, options, lambda message: meter.say(f"{NAME}: warning: {message}"))
        path = os.path.join(options.output, facts.name + ".xml")
        inventory_xml.write_whole(path, inventory_xml.render(facts, walk.files, NAME))
        return f"{NAME}: {host[0]}: wrote {path}: {inventory_xml.describe(facts, walk.files)}"

    failures = 0
    pool = ThreadPoolExecutor(max_workers=min(options.jobs, len(hosts)))
    futures = {pool.submit(one, host): host for host in hosts}
    try:
        for future in as_completed(futures):
            host = futures[future]
            try:
                meter.say(future.result())
                meter.finished(True)
            except (HostError, OSError) as error:
                failures += 1
                meter.say(f"{NAME}: {host[0]}: error: {reason(error)}: not written")
                meter.finished(False)
            except Exception as error:  # a defect of the collector: the other hosts go on
                failures += 1
                meter.say(f"{NAME}: {host[0]}: error: unexpected {type(error).__name__}: {reason(error)}: not written")
                meter.finished(False)
    except KeyboardInterrupt:
        # Ctrl-C, SIGTERM or SIGHUP: end now, not when the hosts in progress answer or time out.
        # The inventory being written is finished (whole), no other is begun, and the threads
        # still waiting on the network are left to the exit.
        inventory_xml.stop_writing()
        meter.close()
        print(f"{NAME}: interrupted: {inventory_xml.written()} of {len(hosts)} hosts written, the others not", file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)
    pool.shutdown()
    meter.close()
    print(f"{NAME}: {len(hosts) - failures} of {len(hosts)} hosts written", file=sys.stderr)
    return 1 if failures else 0
