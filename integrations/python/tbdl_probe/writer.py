"""Telemetry writer: protocol-v1 JSONL (docs/protocol.md), one event per line.

Every line is built in full and written with ONE ``os.write`` call on a descriptor opened with
O_APPEND (concurrent appenders never interleave inside a line; no user-space buffer holds half a
line), so a monitor tailing the file sees complete events as they happen. A text stream passed
in instead (e.g. ``sys.stdout``) gets one ``write`` plus ``flush`` per line. Non-finite numbers are never
written as ``NaN``/``Infinity`` (invalid JSON): they become ``null`` and the field name is
listed in ``"nonfinite"`` so the monitor can still fail the train gate.

Example::

    w = TelemetryWriter("run.jsonl", run="permute-digits-s1")
    w.run(base={...}, probe=sampler.describe(), plan={...}, design={...})
    w.train(step=10, loss=2.3, grad_norm=1.1, lr=1e-3)
    w.probe(step=10, items=[{"id": "417", "base": True, "model": False}])
    w.end(step=300, status="completed")
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
from typing import IO, Any, Iterable, Mapping, Optional, Union

__all__ = ["TelemetryWriter", "item"]

_STATUSES = ("completed", "failed", "stopped")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def item(id: Union[str, int], base: bool, model: bool) -> dict:
    """One probe/eval item: the base's and the checkpoint's correctness on pool item ``id``."""
    return {"id": str(id), "base": bool(base), "model": bool(model)}


def _check_step(step: Any) -> int:
    if isinstance(step, bool) or not isinstance(step, int) or step < 0:
        raise ValueError(f"invalid step: {step!r} (expected an int >= 0)")
    return step


def _check_items(items: Iterable[Mapping[str, Any]], where: str) -> list:
    out = []
    for k, it in enumerate(items):
        if not isinstance(it.get("base"), bool) or not isinstance(it.get("model"), bool) or "id" not in it:
            raise ValueError(f"invalid {where}.items[{k}]: {dict(it)!r} (expected id, base: bool, model: bool)")
        out.append({**it, "id": str(it["id"])})
    if not out:
        raise ValueError(f"invalid {where}.items: empty (expected at least one item)")
    return out


class TelemetryWriter:
    """Writes protocol-v1 events for one run to ``path`` (appended) or to an open text stream.

    ``seq`` of probe rounds is assigned here, starting at 1 and increasing by one per call,
    unless the caller passes ``seq`` (e.g. the sampler's round number) — it must then increase.
    Raises ValueError on a malformed event (bad step, status, items, or a decreasing seq).
    """

    def __init__(self, target: Union[str, os.PathLike, IO[str]], run: str, timestamps: bool = True) -> None:
        if not isinstance(run, str) or not (1 <= len(run) <= 256):
            raise ValueError(f"invalid run id: {run!r} (expected 1-256 characters)")
        self.run_id = run
        self.timestamps = timestamps
        self._stream: Optional[IO[str]] = target if hasattr(target, "write") else None  # type: ignore[assignment]
        self._fd: Optional[int] = None
        if self._stream is None:
            self._fd = os.open(os.fspath(target), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)  # type: ignore[arg-type]
        self._seq = 0
        self.ended = False

    # -- low level -------------------------------------------------------------------------
    def emit(self, event: dict) -> dict:
        """Writes one event (adds ``v``, ``run`` and ``ts``) as one flushed line; returns it."""
        if self.ended:
            raise ValueError(f"invalid event after end: {event.get('type')!r} (run {self.run_id!r} has ended)")
        ev = {"v": 1, "type": event["type"], "run": self.run_id}
        ev.update({k: v for k, v in event.items() if k != "type"})
        if self.timestamps and "ts" not in ev:
            ev["ts"] = _now()
        line = json.dumps(ev, separators=(",", ":"), allow_nan=False) + "\n"
        if self._fd is not None:
            data = line.encode("utf-8")
            written = os.write(self._fd, data)
            while written < len(data):  # regular files write all at once; pipes may not
                written += os.write(self._fd, data[written:])
        else:
            assert self._stream is not None
            self._stream.write(line)
            self._stream.flush()
        return ev

    # -- events ----------------------------------------------------------------------------
    def run(self, base: Mapping[str, Any], probe: Mapping[str, Any], plan: Mapping[str, Any],
            design: Optional[Mapping[str, Any]] = None, **extra: Any) -> dict:
        """The ``run`` event (once, first): base {model, pool_size, pool_accuracy}, probe
        {size, every, sampling, seed}, plan {steps, gpus, gpu_type, usd_per_gpu_hour}, design."""
        for key in ("model", "pool_size", "pool_accuracy"):
            if key not in base:
                raise ValueError(f"invalid run.base: missing {key!r}")
        if not 0.0 <= float(base["pool_accuracy"]) <= 1.0:
            raise ValueError(f"invalid run.base.pool_accuracy: {base['pool_accuracy']!r} (expected 0..1)")
        ev = {"type": "run", "base": dict(base), "probe": dict(probe), "plan": dict(plan), **extra}
        if design is not None:
            ev["design"] = dict(design)
        return self.emit(ev)

    def train(self, step: int, loss: Optional[float] = None, grad_norm: Optional[float] = None,
              lr: Optional[float] = None, **extra: Any) -> dict:
        """A ``train`` event at logging step ``step``; non-finite values are written as null."""
        ev: dict = {"type": "train", "step": _check_step(step)}
        nonfinite = []
        for key, val in (("loss", loss), ("grad_norm", grad_norm), ("lr", lr), *extra.items()):
            if val is None:
                continue
            if isinstance(val, (int, float)) and not isinstance(val, bool):
                fval = float(val)
                if not math.isfinite(fval):
                    nonfinite.append(key)
                    ev[key] = None
                    continue
                ev[key] = fval if key in ("loss", "grad_norm", "lr") else val
            else:
                ev[key] = val
        if nonfinite:
            ev["nonfinite"] = nonfinite
        return self.emit(ev)

    def probe(self, step: int, items: Iterable[Mapping[str, Any]], seq: Optional[int] = None, **extra: Any) -> dict:
        """A ``probe`` round: ``items`` scored by base and checkpoint; ``seq`` is 1, 2, 3, ..."""
        nxt = self._seq + 1 if seq is None else seq
        if isinstance(nxt, bool) or not isinstance(nxt, int) or nxt <= self._seq:
            raise ValueError(f"invalid probe seq: {seq!r} (expected an int > {self._seq})")
        self._seq = nxt
        return self.emit({"type": "probe", "step": _check_step(step), "seq": nxt,
                          "items": _check_items(items, "probe"), **extra})

    def eval(self, step: int, items: Iterable[Mapping[str, Any]], split: str = "heldout", **extra: Any) -> dict:
        """The ``eval`` event: the held-out split for the Learned gate (after training)."""
        return self.emit({"type": "eval", "step": _check_step(step), "split": split,
                          "items": _check_items(items, "eval"), **extra})

    def end(self, step: int, status: str = "completed", **extra: Any) -> dict:
        """The ``end`` event (once, last); ``status`` in completed | failed | stopped."""
        if status not in _STATUSES:
            raise ValueError(f"invalid end.status: {status!r} (expected one of {', '.join(_STATUSES)})")
        ev = self.emit({"type": "end", "step": _check_step(step), "status": status, **extra})
        self.ended = True
        return ev

    def close(self) -> None:
        """Closes the file if this writer opened it (streams passed in are left open)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "TelemetryWriter":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
