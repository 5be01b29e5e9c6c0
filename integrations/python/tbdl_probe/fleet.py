"""Fleet producer: protocol-v1 lines to NATS JetStream, spooled to a local file first (stdlib only).

``FleetPublisher`` is a text sink for ``TelemetryWriter``: every line is appended to a local spool
file (one ``os.write`` on an O_APPEND descriptor, so the job never waits on the network and the
file is always a complete protocol-v1 trace that ``tbdl replay`` reads), then published to the
run's partition subject ``tbdl.ev.<p>`` (p = FNV-1a-32(run id, UTF-8) mod P, as the TypeScript
side computes it) with ``Nats-Msg-Id`` = sha256(line)[:32], waiting for the JetStream ack. The
byte offset of the last acked line is kept in ``<spool>.acked`` (written atomically). When the
engine is down, or the fleet is not set up yet, lines stay in the spool; the publisher tries again
at most every ``retry_s`` seconds and catches up in order, from the acked offset, also after the
job restarts. A line acked but not yet recorded (a crash in between) is sent again: JetStream
drops it inside its duplicate window, and the monitor drops a later repeat by seq / step.

The NATS client protocol is text over TCP (INFO, CONNECT, PING/PONG, SUB, HPUB, MSG/HMSG); a
JetStream publish is a request whose reply is the ack ``{"stream":..., "seq":...}``.

Example::

    from tbdl_probe import FleetPublisher, TelemetryWriter
    pub = FleetPublisher("nats://127.0.0.1:4222", spool="run.jsonl")
    w = TelemetryWriter(pub, run="my-run")      # events go to run.jsonl and to the engine
    ...
    pub.catch_up(timeout=30)                       # at the end: try to send what is left
    pub.close()
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import time
from typing import Callable, Optional, Tuple
from urllib.parse import urlparse

__all__ = ["FleetPublisher", "fnv1a32", "partition_of", "message_id"]

STREAM = "TBDL_EVENTS"
SUBJECT_PREFIX = "tbdl.ev"
BUCKET = "tbdl_fleet"


def fnv1a32(text: str) -> int:
    """FNV-1a, 32 bits, over the UTF-8 bytes of ``text`` (same as src/fleet/partition.ts)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def partition_of(run: str, partitions: int) -> int:
    """The partition of a run: fnv1a32(run) mod partitions."""
    return fnv1a32(run) % partitions


def message_id(line: str) -> str:
    """The JetStream dedup id of a line (without its newline): sha256 hex, first 32 characters."""
    return hashlib.sha256(line.encode("utf-8")).hexdigest()[:32]


def _run_of(line: str) -> Optional[str]:
    """The run id of a protocol line, or None when the line is not a JSON object with a string run."""
    try:
        ev = json.loads(line)
    except ValueError:
        return None
    run = ev.get("run") if isinstance(ev, dict) else None
    return run if isinstance(run, str) and 1 <= len(run) <= 256 else None


class _EngineDown(Exception):
    pass


class _Conn:
    """A minimal NATS connection: connect, subscribe to one inbox, request/reply."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(timeout)
        self.buf = bytearray()
        info = self._line()
        if not info.startswith(b"INFO "):
            raise _EngineDown(f"unexpected greeting {info[:40]!r}")
        connect = {"verbose": False, "pedantic": False, "headers": True, "no_responders": True,
                   "lang": "python-tbdl", "version": "0.1.0", "protocol": 1}
        self.inbox = "_INBOX." + os.urandom(8).hex()
        self._send(f"CONNECT {json.dumps(connect)}\r\nSUB {self.inbox}.* 1\r\nPING\r\n".encode())
        self._until_pong()
        self.n = 0

    def _send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise _EngineDown("connection closed by the server")
        self.buf.extend(chunk)

    def _line(self) -> bytes:
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                line = bytes(self.buf[:i])
                del self.buf[:i + 2]
                return line
            self._fill()

    def _exact(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            self._fill()
        data = bytes(self.buf[:n])
        del self.buf[:n + 2]
        return data

    def _until_pong(self) -> None:
        while True:
            line = self._line()
            if line == b"PONG":
                return
            if line.startswith(b"-ERR"):
                raise _EngineDown(line.decode("utf-8", "replace"))

    def request(self, subject: str, payload: bytes, headers: Optional[dict] = None) -> Tuple[Optional[str], bytes]:
        """Sends one request, returns (status header or None, reply payload)."""
        self.n += 1
        reply = f"{self.inbox}.{self.n}"
        if headers:
            hdr = ("NATS/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
            self._send(f"HPUB {subject} {reply} {len(hdr)} {len(hdr) + len(payload)}\r\n".encode() + hdr + payload + b"\r\n")
        else:
            self._send(f"PUB {subject} {reply} {len(payload)}\r\n".encode() + payload + b"\r\n")
        while True:
            line = self._line()
            if line == b"PING":
                self._send(b"PONG\r\n")
                continue
            if line in (b"PONG", b"+OK"):
                continue
            if line.startswith(b"-ERR"):
                raise _EngineDown(line.decode("utf-8", "replace"))
            parts = line.split()
            if parts[:1] == [b"MSG"]:
                size = int(parts[-1])
                data = self._exact(size)
                if parts[1].decode() == reply:
                    return None, data
            elif parts[:1] == [b"HMSG"]:
                hlen, total = int(parts[-2]), int(parts[-1])
                data = self._exact(total)
                status = data[:hlen].split(b"\r\n", 1)[0].decode("utf-8", "replace")[len("NATS/1.0"):].strip() or None
                if parts[1].decode() == reply:
                    return status, data[hlen:]

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass


class FleetPublisher:
    """A write/flush text sink that spools to ``spool`` and publishes to the fleet engine at ``url``.

    ``partitions``: the fleet's partition count; default None reads it from the engine's
    ``tbdl_fleet`` bucket (key ``config``), so the fleet must have been set up by ``tbdl watch
    --engine`` or ``tbdl publish`` (until then lines wait in the spool). Never raises on engine
    trouble; ``pending`` counts spooled lines not yet acked; ``last_error`` says why; a spooled
    line that is not a JSON object with a string ``run`` is never published (``skipped``).
    """

    def __init__(self, url: str, spool: str, partitions: Optional[int] = None, timeout: float = 2.0,
                 retry_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        u = urlparse(url)
        if u.scheme != "nats" or not u.hostname:
            raise ValueError(f"invalid engine url: {url!r} (expected nats://HOST:PORT)")
        self.host, self.port = u.hostname, u.port or 4222
        self.spool = os.fspath(spool)
        self.partitions = partitions
        self.timeout, self.retry_s, self.clock = timeout, retry_s, clock
        self._fd = os.open(self.spool, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._acked = self._read_acked()
        self._partial = ""
        self._conn: Optional[_Conn] = None
        self._next_try = 0.0
        self.last_error: Optional[str] = None
        self.published = 0
        self.skipped = 0

    # -- text sink -------------------------------------------------------------------------------
    def write(self, text: str) -> int:
        """Spools complete lines at once, then tries to publish what is not acked yet."""
        data = self._partial + text
        cut = data.rfind("\n") + 1
        self._partial = data[cut:]
        if cut > 0:
            raw = data[:cut].encode("utf-8")
            written = os.write(self._fd, raw)
            while written < len(raw):
                written += os.write(self._fd, raw[written:])
            self._pump(force=False)
        return len(text)

    def flush(self) -> None:
        """Nothing is buffered in user space (whole lines go to the spool at once)."""

    # -- catching up -----------------------------------------------------------------------------
    @property
    def pending(self) -> int:
        """Spooled lines not yet acked by the engine."""
        with open(self.spool, "rb") as fh:
            fh.seek(self._acked)
            return fh.read().count(b"\n")

    def catch_up(self, timeout: float = 30.0) -> bool:
        """Tries (now, then every ``retry_s``, until ``timeout``) to publish every spooled line; True when none is left."""
        end = self.clock() + timeout
        while True:
            self._pump(force=True)
            if self.pending == 0:
                return True
            if self.clock() + self.retry_s > end:
                return False
            time.sleep(min(self.retry_s, max(0.0, end - self.clock())))

    def close(self) -> None:
        """Closes the spool and the connection (unsent lines stay in the spool for the next run)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None  # type: ignore[assignment]

    # -- internals -------------------------------------------------------------------------------
    def _read_acked(self) -> int:
        try:
            with open(self.spool + ".acked", encoding="utf-8") as fh:
                return int(fh.read().strip() or 0)
        except (OSError, ValueError):
            return 0

    def _write_acked(self) -> None:
        tmp = f"{self.spool}.acked.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(str(self._acked))
        os.replace(tmp, self.spool + ".acked")

    def _connect(self) -> _Conn:
        if self._conn is None:
            self._conn = _Conn(self.host, self.port, self.timeout)
            if self.partitions is None:
                self.partitions = self._fleet_partitions(self._conn)
        return self._conn

    @staticmethod
    def _fleet_partitions(conn: _Conn) -> int:
        req = json.dumps({"last_by_subj": f"$KV.{BUCKET}.config"}).encode()
        status, data = conn.request(f"$JS.API.STREAM.MSG.GET.KV_{BUCKET}", req)
        if status is not None and status.startswith("503"):
            raise _EngineDown("JetStream is not enabled (expected nats-server -js)")
        reply = json.loads(data or b"{}")
        if "error" in reply:
            raise _EngineDown(f"fleet not set up yet ({reply['error'].get('description', 'no config')}); "
                              "expected tbdl watch --engine or tbdl publish to have run once")
        return int(json.loads(base64.b64decode(reply["message"]["data"]))["partitions"])

    def _pump(self, force: bool) -> None:
        if not force and self.clock() < self._next_try:
            return
        try:
            conn = self._connect()
            with open(self.spool, "rb") as fh:
                fh.seek(self._acked)
                for raw in fh:
                    if not raw.endswith(b"\n"):
                        break
                    line = raw[:-1].decode("utf-8")
                    run = _run_of(line)
                    if run is None:
                        self.skipped += 1  # not a protocol line: kept in the spool, never published
                    else:
                        subject = f"{SUBJECT_PREFIX}.{partition_of(run, int(self.partitions or 1))}"
                        status, data = conn.request(subject, line.encode("utf-8"), {"Nats-Msg-Id": message_id(line)})
                        if status is not None:
                            raise _EngineDown(f"no stream for {subject} (status {status})")
                        ack = json.loads(data or b"{}")
                        if "error" in ack:
                            raise _EngineDown(f"publish refused: {ack['error']}")
                        self.published += 1
                    self._acked += len(raw)
                    self._write_acked()
            self.last_error = None
        except (OSError, _EngineDown, ValueError, KeyError, TypeError) as err:
            self.last_error = f"{type(err).__name__}: {err}"
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._next_try = self.clock() + self.retry_s
