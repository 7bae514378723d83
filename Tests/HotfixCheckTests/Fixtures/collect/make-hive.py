#!/usr/bin/python3
"""Writes a registry hive file for the offline collector's tests: make-hive.py OUT < SPEC.json,
or damages one: make-hive.py --break-subkeys KEY HIVE (KEY's list of subkeys gets a wrong
signature, as a broken disk or an unclean copy leaves it: the key's subkeys cannot be read).

SPEC maps key paths (below the hive's root, `\\`-separated) to their values:
  {"Select": {"Current": ["dword", 1]},
   "ControlSet001\\Control\\ProductOptions": {"ProductType": ["sz", "ServerNT"],
                                              "ProductSuite": ["multi_sz", ["Enterprise"]]}}
A key with no values is {}.

hivex (python3-hivex) edits hives but cannot make a new one, and no Debian tool writes one,
so an empty hive is written here first: the REGF header (4 KB), then one 4 KB `hbin`
holding the root `nk` cell, the `sk` cell (security descriptor) that hivex copies to the
keys it adds, and a free cell. The layout follows the documented REGF format
(https://github.com/msuhanov/regf, "Windows registry file format specification").
"""
import json
import struct
import sys

import hivex

REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ = 1, 2, 3, 4, 7


def empty_hive():
    root_name = b"ROOT"
    nk = struct.pack(
        "<2sHQ" + "I" * 15 + "HH",
        b"nk", 0x2C,  # KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME
        0, 0, 0xFFFFFFFF,  # timestamp, access bits, parent (none)
        0, 0, 0xFFFFFFFF, 0xFFFFFFFF,  # subkeys, volatile subkeys, their lists
        0, 0xFFFFFFFF,  # values, value list
        0x20 + 0x60, 0xFFFFFFFF,  # the sk cell below, no class name
        0, 0, 0, 0, 0,  # largest name/class/value name/value data, workvar
        len(root_name), 0) + root_name
    nk_cell = struct.pack("<i", -0x60) + nk.ljust(0x60 - 4, b"\0")
    # A self-relative security descriptor with no owner, group or lists.
    descriptor = struct.pack("<BBHIIII", 1, 0, 0x8000, 0, 0, 0, 0)
    sk_offset = 0x20 + 0x60
    sk = struct.pack("<2sHIIII", b"sk", 0, sk_offset, sk_offset, 1, len(descriptor)) + descriptor
    sk_cell = struct.pack("<i", -0x30) + sk.ljust(0x30 - 4, b"\0")
    used = 0x20 + len(nk_cell) + len(sk_cell)
    free_cell = struct.pack("<i", 0x1000 - used).ljust(0x1000 - used, b"\0")
    hbin = struct.pack("<4sII8s8sI", b"hbin", 0, 0x1000, b"\0" * 8, b"\0" * 8, 0) + nk_cell + sk_cell + free_cell
    assert len(hbin) == 0x1000
    header = bytearray(0x1000)
    struct.pack_into("<4sIIQIIIIIII", header, 0, b"regf", 1, 1, 0, 1, 3, 0, 1, 0x20, 0x1000, 1)
    checksum = 0
    for (word,) in struct.iter_unpack("<I", bytes(header[:508])):
        checksum ^= word
    struct.pack_into("<I", header, 508, checksum)
    return bytes(header) + hbin


def encoded(kind, value):
    if kind == "sz":
        return REG_SZ, (value + "\0").encode("utf-16-le")
    if kind == "expand_sz":
        return REG_EXPAND_SZ, (value + "\0").encode("utf-16-le")
    if kind == "multi_sz":
        return REG_MULTI_SZ, "".join(v + "\0" for v in value).encode("utf-16-le") + b"\0\0"
    if kind == "dword":
        return REG_DWORD, struct.pack("<I", value & 0xFFFFFFFF)
    if kind == "binary":
        return REG_BINARY, bytes.fromhex(value)
    raise SystemExit(f"make-hive.py: unknown value type {kind}")


def break_subkeys(key, path):
    """Overwrites the `lf`/`lh` signature of KEY's subkey list. A node handle is the offset of
    its `nk` cell in the file; the list's offset (from the first hbin, 0x1000) is at 0x20."""
    h = hivex.Hivex(path)
    node = h.root()
    for part in [p for p in key.split("\\") if p]:
        node = h.node_get_child(node, part)
        if not node:
            raise SystemExit(f"make-hive.py: no key {key} in {path}")
    data = bytearray(open(path, "rb").read())
    (subkeys,) = struct.unpack_from("<I", data, node + 0x20)
    signature = 0x1000 + subkeys + 4
    if data[signature:signature + 2] not in (b"lf", b"lh", b"li", b"ri"):
        raise SystemExit(f"make-hive.py: {key} has no subkey list")
    data[signature:signature + 2] = b"xx"
    with open(path, "wb") as f:
        f.write(data)


def main():
    if sys.argv[1] == "--break-subkeys":
        break_subkeys(sys.argv[2], sys.argv[3])
        return
    out = sys.argv[1]
    spec = json.load(sys.stdin)
    with open(out, "wb") as f:
        f.write(empty_hive())
    h = hivex.Hivex(out, write=True)
    for path, values in spec.items():
        node = h.root()
        for part in [p for p in path.split("\\") if p]:
            node = h.node_get_child(node, part) or h.node_add_child(node, part)
        for name, (kind, value) in values.items():
            t, data = encoded(kind, value)
            h.node_set_value(node, {"key": name, "t": t, "value": data})
    h.commit(out)


if __name__ == "__main__":
    main()
