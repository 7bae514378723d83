"""The XML inventory of the contract, section 3, written whole or not at all."""

import datetime
import os
import re
import signal
import tempfile
import threading

from . import VERSION

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def attribute(text):
    """Text for an XML attribute between double quotes; what XML 1.0 cannot carry becomes U+FFFD."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    return _CONTROL.sub("\ufffd", text)


def local_date(epoch, time_bias):
    """YYYY-MM-DD of a UTC time on the host's clock (UTC = local + bias minutes)."""
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=epoch - time_bias * 60)
    return moment.strftime("%Y-%m-%d")


def render(facts, files, collector):
    """The inventory as text. `files` holds (path, version, epoch, size) tuples."""
    collected = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<inventory>"]
    host = (
        f'  <host name="{attribute(facts.name)}" edition="{facts.edition}" service-pack="{facts.service_pack}"'
        f' platform="{facts.platform}" collected="{collected}" collector="{attribute(collector + " " + VERSION)}"'
    )
    if facts.hotfixes is None:
        host += ' hotfixes="unknown"'
    lines.append(host + ">")
    for hotfix in facts.hotfixes or []:
        lines.append(f'    <hotfix id="{hotfix}"/>')
    for path, version, epoch, size in files:
        line = f'    <file path="{attribute(path)}"'
        if version:
            line += f' version="{version}"'
        if epoch is not None:
            line += f' date="{local_date(epoch, facts.time_bias)}"'
        if size is not None:
            line += f' size="{size}"'
        lines.append(line + "/>")
    lines += ["  </host>", "</inventory>", ""]
    return "\n".join(lines)


def describe(facts, files):
    """What a collector says it wrote: `NTSRV01 (server sp6a intel), 14 hotfixes, 4210 files`."""
    hotfixes = "hotfix list unknown" if facts.hotfixes is None else f"{len(facts.hotfixes)} hotfixes"
    return f"{facts.name} ({facts.edition} {facts.service_pack} {facts.platform}), {hotfixes}, {len(files)} files"


class Stopped(Exception):
    """The run was interrupted: no inventory is written any more."""


# One write at a time, so that an interrupted run can wait for the write in progress to end
# (whole) and start no other (`stop_writing`). A write is a small part of a host's time.
_writing = threading.Lock()
_stopped = False
_written = 0


def written():
    """How many inventories this run has written."""
    return _written


def stop_writing():
    """Waits for the inventory being written to be whole, then lets no other be written: what
    an interrupted run does before it ends without waiting for its hosts."""
    global _stopped
    _writing.acquire()
    _stopped = True


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def interrupt_on_signals():
    """SIGTERM and SIGHUP stop a collector as Ctrl-C does (KeyboardInterrupt in the main
    thread), so that it cleans up instead of dying with a temporary file left behind."""
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _interrupt)


def write_whole(path, text):
    """Writes under a temporary name ending .tmp in the same folder (hotfix-check audit reads
    only .xml and .csv), then renames: the file is whole or absent."""
    global _written
    with _writing:
        if _stopped:
            raise Stopped("interrupted")
        _write_whole(path, text)
        _written += 1


def _write_whole(path, text):
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _read_umask():
    # Once, at import, before any thread writes: os.umask can only be read by setting it.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
