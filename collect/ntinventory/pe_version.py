"""A file's version from its version resource (VS_FIXEDFILEINFO), read with pefile from as few
bytes as it needs: the headers, then the resource section alone. Over SMB that is two reads
of a few KB for most files, instead of the whole file."""

import pefile

HEAD = 4096
RESOURCE = pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_RESOURCE"]


def version_of(read, size):
    """`read(offset, length)` returns bytes of the file (fewer at its end); `size` is its size.
    Returns "a.b.c.d", or None when the file is not a PE image or has no version resource."""
    head = read(0, min(HEAD, size))
    if len(head) < 64 or head[:2] != b"MZ":
        return None
    try:
        pe = pefile.PE(data=head, fast_load=True)
        directory = pe.OPTIONAL_HEADER.DATA_DIRECTORY[RESOURCE]
        if directory.VirtualAddress == 0 or directory.Size == 0:
            return None
        start = pe.get_offset_from_rva(directory.VirtualAddress)
        end = min(start + directory.Size, size)
        if start >= end:
            return None
        # The headers and the resource section at their places; pefile reads nothing else
        # when it parses only the resource directory.
        image = bytearray(end)
        image[: len(head)] = head[:end]
        image[start:end] = read(start, end - start).ljust(end - start, b"\0")
        pe = pefile.PE(data=bytes(image), fast_load=True)
        pe.parse_data_directories(directories=[RESOURCE])
    except (pefile.PEFormatError, AttributeError, IndexError, ValueError, TypeError):
        return None
    infos = getattr(pe, "VS_FIXEDFILEINFO", None)
    if not infos:
        return None
    info = infos[0] if isinstance(infos, list) else infos
    ms, ls = info.FileVersionMS, info.FileVersionLS
    return f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
