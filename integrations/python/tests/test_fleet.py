"""Unit tests for tbdl_probe.fleet without a server (the real-server test is test/fleet/python-producer.test.ts)."""
import json
import os
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import FleetPublisher, TelemetryWriter  # noqa: E402
from tbdl_probe.fleet import fnv1a32, message_id, partition_of  # noqa: E402


def closed_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens here now: connection refused
    return port


class FleetUnitTest(unittest.TestCase):
    def test_hash_matches_the_typescript_side(self):
        # values computed by src/fleet/partition.ts fnv1a32 (test/fleet/partition.test.ts checks the same)
        self.assertEqual(fnv1a32(""), 2166136261)
        self.assertEqual(fnv1a32("a"), 0xE40C292C)
        self.assertEqual(fnv1a32("foobar"), 0xBF9CF968)
        self.assertEqual(partition_of("foobar", 16), 0xBF9CF968 % 16)
        self.assertEqual(len(message_id('{"run":"x"}')), 32)

    def test_engine_down_spools_every_line_and_never_raises(self):
        with tempfile.TemporaryDirectory() as d:
            spool = os.path.join(d, "run.jsonl")
            t = [0.0]
            pub = FleetPublisher(f"nats://127.0.0.1:{closed_port()}", spool, timeout=0.5, retry_s=5.0, clock=lambda: t[0])
            w = TelemetryWriter(pub, run="r1", timestamps=False)
            w.train(1, loss=1.0)
            self.assertIsNotNone(pub.last_error)
            for step in range(2, 6):
                w.train(step, loss=1.0)
            self.assertEqual(pub.pending, 5)
            with open(spool, encoding="utf-8") as fh:
                self.assertEqual([json.loads(l)["step"] for l in fh], [1, 2, 3, 4, 5])
            self.assertFalse(os.path.exists(spool + ".acked"))
            self.assertFalse(pub.catch_up(timeout=0.0))
            pub.close()

    def test_rejects_a_non_nats_url(self):
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(ValueError):
                FleetPublisher("http://127.0.0.1:4222", os.path.join(d, "s.jsonl"))


if __name__ == "__main__":
    unittest.main()
