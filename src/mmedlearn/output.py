"""Writing the files a command makes (the handout, its PDF, the ROI table) without ever
destroying what the user had.

- A regular file is replaced atomically (the whole new file or the old one, never half of
  one) and keeps its permissions and, where allowed, its owner. Other hard links to it keep
  the old content: the name gets a new file.
- A symbolic link is followed: its target is written and the link stays a link.
- A terminal, ``/dev/null``, ``/dev/stdout`` or a named pipe is written to as it is, never
  replaced by a file. A disk device, a socket or a folder is refused.
- Anything that stops the write is one :class:`OutputError` naming the flag, checked before
  any work where it can be (:func:`check_output`).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Sequence

#: Friendlier words for the errors a user can fix.
_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EFBIG: "the file would be too large",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links (a loop?)",
    errno.EPIPE: "the program reading it stopped",
    errno.ENXIO: "nothing is reading from it",
}


class OutputError(Exception):
    """An output that cannot be written. ``exit_code`` is 2 when the path given is wrong
    (a usage error), 1 when writing it failed."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


def _reason(error: OSError) -> str:
    return _REASONS.get(error.errno, error.strerror or str(error))


def _stat(text: str, flag: str) -> os.stat_result | None:
    """The file's status (following links), None if nothing is there yet."""
    try:
        return os.stat(text)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise OutputError(f"{flag}: part of {text!r} is a file, not a folder") from None
    except OSError as error:
        raise OutputError(f"{flag}: cannot use {text!r} ({_reason(error)})") from None


def _is_standard_stream(status: os.stat_result) -> int | None:
    """The descriptor (1 or 2) of our own stdout or stderr if the path is that file."""
    for descriptor in (1, 2):
        try:
            own = os.fstat(descriptor)
        except OSError:
            continue
        if (own.st_dev, own.st_ino) == (status.st_dev, status.st_ino):
            return descriptor
    return None


def check_output(path: str | os.PathLike[str], flag: str) -> None:
    """Raise :class:`OutputError` (exit code 2) if ``path`` cannot be written as an output
    of ``flag``; call it before the work whose result it will hold."""
    text = os.fspath(path)
    if not text.strip():
        raise OutputError(f"{flag}: the path is empty; name a file")
    if "\0" in text:
        raise OutputError(f"{flag}: the path contains a NUL character")
    if text.endswith(os.sep):
        raise OutputError(f"{flag}: {text!r} names a folder; name a file")
    status = _stat(text, flag)
    if status is not None:
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise OutputError(f"{flag}: {text!r} is a folder; name a file")
        if stat.S_ISBLK(mode):
            raise OutputError(f"{flag}: {text!r} is a disk device; name a file")
        if stat.S_ISSOCK(mode):
            raise OutputError(f"{flag}: {text!r} is a socket; name a file")
        if not stat.S_ISREG(mode):
            return  # a terminal, /dev/null or a pipe: written to as it is
        if not os.access(text, os.W_OK):
            raise OutputError(f"{flag}: {text!r} is read-only; it was left as it is")
    target = os.path.realpath(text)  # a link's target, even one that does not exist yet
    folder = os.path.dirname(target)
    shown = (os.path.dirname(text) or ".") if target == os.path.abspath(text) else folder
    if not os.path.isdir(folder):
        raise OutputError(f"{flag}: folder {shown!r} does not exist")
    name = os.path.basename(target)
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    if len(os.fsencode(name)) > limit:
        raise OutputError(
            f"{flag}: the file name is too long ({len(os.fsencode(name))} bytes; "
            f"at most {limit} here)"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{flag}: cannot write in folder {shown!r} (read-only, or not yours)")


def _identity(path: str | os.PathLike[str]):
    """What makes two paths the same file: device and inode when it exists, else the real path.
    Character devices (/dev/null) may be shared by several outputs: None."""
    try:
        status = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    if stat.S_ISCHR(status.st_mode):
        return None
    return (status.st_dev, status.st_ino)


def check_distinct(
    outputs: Sequence[tuple[str, str | os.PathLike[str]]],
    inputs: Sequence[tuple[str, str | os.PathLike[str]]] = (),
) -> None:
    """Refuse (exit code 2) an output that is also an input of the run, or that another
    output of the same run would write. ``outputs`` pairs a flag with its path; ``inputs``
    a description ("the programmes file") with its path."""
    seen: dict[object, str] = {}
    for description, path in inputs:
        key = _identity(path)
        if key is not None:
            seen.setdefault(key, f"is {description}")
    for flag, path in outputs:
        key = _identity(path)
        if key is None:
            continue
        if key in seen:
            raise OutputError(f"{flag}: {os.fspath(path)!r} {seen[key]}; choose another name")
        seen[key] = f"is also where {flag} writes"


def _default_mode() -> int:
    """What a newly created file gets: read-write for all, less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def _write_in_place(text: str, data: bytes, fifo: bool) -> None:
    """A device or pipe: open what is there (never create or replace it) and write."""
    flags = os.O_WRONLY | (os.O_NONBLOCK if fifo else 0)  # a pipe nobody reads fails, not hangs
    descriptor = os.open(text, flags)
    try:
        if fifo:
            os.set_blocking(descriptor, True)
        _write_all(descriptor, data)
    finally:
        os.close(descriptor)


def _replace_atomically(target: str, data: bytes, status: os.stat_result | None) -> None:
    folder, name = os.path.split(target)
    # A short prefix: a long file name plus a suffix could exceed the name limit.
    descriptor, temporary = tempfile.mkstemp(
        dir=folder or ".", prefix=f".{name[:40]}.", suffix=".tmp"
    )
    try:
        try:
            _write_all(descriptor, data)
            os.fchmod(descriptor, stat.S_IMODE(status.st_mode) if status else _default_mode())
            if status is not None:
                try:
                    os.fchown(descriptor, status.st_uid, status.st_gid)
                except PermissionError:
                    pass  # only the owner's group can be kept, or none: the permissions still are
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_output(path: str | os.PathLike[str], data: bytes, flag: str) -> None:
    """Write ``data`` to ``path`` as the module docstring says, or raise :class:`OutputError`
    naming ``flag``."""
    check_output(path, flag)
    text = os.fspath(path)
    status = _stat(text, flag)
    stream = None if status is None else _is_standard_stream(status)
    try:
        if stream is not None:  # /dev/stdout, even redirected to a file: keep order with our prints
            (sys.stdout if stream == 1 else sys.stderr).flush()
            _write_all(stream, data)
        elif status is not None and not stat.S_ISREG(status.st_mode):
            _write_in_place(text, data, fifo=stat.S_ISFIFO(status.st_mode))
        else:
            _replace_atomically(os.path.realpath(text), data, status)
    except OSError as error:
        raise OutputError(
            f"{flag}: cannot write {text!r} ({_reason(error)})", exit_code=1
        ) from None


def terminal_safe(text: str) -> str:
    r"""Escape control characters (e.g. ANSI sequences from a hostile CSV) for printing.

    >>> print(terminal_safe("ok\x1b[31m red"))
    ok\x1b[31m red
    """
    if text.isprintable():  # nearly always: no character-by-character pass
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)
