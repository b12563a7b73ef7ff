"""Writing report files (HTML, charts, feeds) so that a reader never sees half a file."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

from monitor.errors import OutputError, UsageError

STDOUT = "-"


def write_output(target: str | Path, data: bytes) -> None:
    """Write `data` to the file `target` atomically, or to standard output when it is `-`."""
    if str(target) == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_atomically(Path(target), data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same directory and a rename, so
    readers never see a half-written file.

    A folder that cannot be written is a UsageError (exit 2: choose another path); a write
    that fails on the way (a full disk) is an OutputError (exit 1), and leaves nothing behind.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise UsageError(
            f"cannot write {str(path)!r}: {exc.strerror or exc}; choose a file in a folder "
            "that exists and can be written"
        ) from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        advice = "free some space, then try again" if full else "nothing was written"
        raise OutputError(f"cannot write {str(path)!r}: {exc.strerror or exc}; {advice}") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
