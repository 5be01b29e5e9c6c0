"""Stop file: how the monitor tells a training job to stop (no sockets, no signals needed).

The monitor writes a small JSON sentinel ATOMICALLY (write a temp file in the same directory,
then ``os.replace``), so the job never reads a half-written file. The job calls
``StopFile.check()`` once per step (one ``stat``, microseconds) and stops cleanly, writing an
``end`` event with status ``"stopped"``.

Example::

    stop = StopFile("/tmp/run.stop")
    for step in range(1, steps + 1):
        ...
        if stop.check():
            writer.end(step, "stopped", reason=stop.reason)
            break
"""
from __future__ import annotations

import json
import os
import tempfile
from typing import Any, Mapping, Optional, Union

__all__ = ["StopFile", "write_stop_file"]


def write_stop_file(path: Union[str, os.PathLike], payload: Optional[Mapping[str, Any]] = None) -> None:
    """Writes the sentinel atomically: temp file in the same directory, fsync, ``os.replace``.

    ``payload`` (e.g. the alarm line) is stored as JSON so the job can log why it stopped.
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tbdl-stop-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(dict(payload or {"stop": True}), fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class StopFile:
    """Polls for the monitor's stop sentinel at ``path`` (None disables it: never stops).

    ``check()`` returns True once the file exists and latches (later calls stay True even if
    the file is removed). ``reason`` holds the sentinel's JSON (or its raw text, or None).
    """

    def __init__(self, path: Optional[Union[str, os.PathLike]]) -> None:
        self.path = None if path is None else os.fspath(path)
        self.stopped = False
        self.reason: Optional[Any] = None

    def check(self) -> bool:
        """True when the job must stop (sentinel present now or seen before)."""
        if self.stopped or self.path is None:
            return self.stopped
        if not os.path.exists(self.path):
            return False
        self.stopped = True
        try:
            with open(self.path, encoding="utf-8") as fh:
                text = fh.read()
            try:
                self.reason = json.loads(text)
            except ValueError:
                self.reason = text.strip() or None
        except OSError:
            self.reason = None
        return True
