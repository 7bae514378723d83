"""Lists a host's files from any source (an SMB share, a mounted tree) in Windows paths.

A source has `list(folder)` → [(name, is_folder, size, mtime_epoch)] for a folder given
relative to its root (`` for the root, `system32\\drivers`), and `read(path, offset, length)`
→ bytes; both raise OSError (or the source's error) for what cannot be read."""

from . import pe_version, places


class Walk:
    def __init__(self, warn):
        self.warn = warn
        self.files = []
        self.skipped = 0
        self._seen = set()

    def folder(self, source, windows_root, skip_places=False, recursive=True):
        """Every file under the source's root, named `windows_root\\relative`."""
        key = windows_root.rstrip("\\").lower()
        if key in self._seen:
            return
        self._seen.add(key)
        pending = [""]
        while pending:
            relative = pending.pop(0)
            try:
                entries = sorted(source.list(relative), key=lambda e: e[0].lower())
            except Exception as error:  # an unreadable folder is skipped, the rest is listed
                self.warn(f"cannot list {join(windows_root, relative)}: {reason(error)}: skipped")
                self.skipped += 1
                continue
            folders = []
            for name, is_folder, size, mtime in entries:
                if name in (".", ".."):
                    continue
                inner = join(relative, name) if relative else name
                if is_folder:
                    if not recursive or (skip_places and places.skipped(inner)):
                        continue
                    full = join(windows_root, inner).lower()
                    if full in self._seen:
                        continue
                    self._seen.add(full)
                    folders.append(inner)
                    continue
                self.files.append((join(windows_root, inner), self._version(source, inner, size), mtime, size))
            pending[0:0] = folders  # depth first, in name order, like the VBScript

    def _version(self, source, relative, size):
        if not size:
            return None
        try:
            return pe_version.version_of(lambda offset, length: source.read(relative, offset, length), size)
        except Exception:  # locked (pagefile.sys) or unreadable: listed without a version
            return None


def join(folder, name):
    if not folder:
        return name
    return folder.rstrip("\\") + "\\" + name


def reason(error):
    text = str(error).strip()
    return text or type(error).__name__
