"""Unit tests for tbdl_probe.writer and CleanProbe: protocol-v1 lines per docs/protocol.md."""
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import CleanProbe, ProbeSampler, TelemetryWriter, item  # noqa: E402

RUN = dict(base={"model": "m", "pool_size": 4, "pool_accuracy": 0.5},
           probe={"size": 2, "every": 10, "sampling": "with_replacement", "seed": 1},
           plan={"steps": 30, "gpus": 1, "gpu_type": "cpu", "usd_per_gpu_hour": 0.05},
           design={"alpha": 0.05, "margin": 0.05, "warmup_step": 10})


def lines(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh.read().splitlines()]


class WriterTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "run.jsonl")

    def tearDown(self):
        self.dir.cleanup()

    def test_full_run_shape(self):
        with TelemetryWriter(self.path, run="r1") as w:
            w.run(**RUN)
            w.train(10, loss=2.3, grad_norm=1.0, lr=1e-3)
            w.probe(10, [item(417, True, False), item("12", False, False)])
            w.probe(20, [item(1, True, True)])
            w.eval(30, [item("h1", True, True)])
            w.end(30, "completed")
        ev = lines(self.path)
        self.assertEqual([e["type"] for e in ev], ["run", "train", "probe", "probe", "eval", "end"])
        self.assertTrue(all(e["v"] == 1 and e["run"] == "r1" and "ts" in e for e in ev))
        self.assertEqual([e["seq"] for e in ev if e["type"] == "probe"], [1, 2])
        self.assertEqual(ev[2]["items"][0], {"id": "417", "base": True, "model": False})
        self.assertEqual(ev[4]["split"], "heldout")
        self.assertEqual(ev[0]["probe"]["sampling"], "with_replacement")

    def test_each_event_is_flushed_at_once(self):
        w = TelemetryWriter(self.path, run="r1")
        w.run(**RUN)
        self.assertEqual(len(lines(self.path)), 1)  # readable before close
        w.train(1, loss=1.0)
        self.assertEqual(len(lines(self.path)), 2)
        w.close()

    def test_append_safe(self):
        for run in ("a", "b"):
            with TelemetryWriter(self.path, run=run) as w:
                w.run(**RUN)
                w.end(0, "stopped")
        self.assertEqual([(e["run"], e["type"]) for e in lines(self.path)],
                         [("a", "run"), ("a", "end"), ("b", "run"), ("b", "end")])

    def test_two_writers_interleave_whole_lines(self):
        w1, w2 = TelemetryWriter(self.path, run="a"), TelemetryWriter(self.path, run="b")
        big = [item(i, i % 2 == 0, i % 3 == 0) for i in range(2000)]  # ~60 KB lines
        for k in range(1, 6):
            w1.probe(k, big)
            w2.probe(k, big)
        w1.close(); w2.close()
        ev = lines(self.path)  # json.loads fails on any torn line
        self.assertEqual(len(ev), 10)
        self.assertEqual([e["seq"] for e in ev if e["run"] == "a"], [1, 2, 3, 4, 5])

    def test_nonfinite_becomes_null_and_is_named(self):
        buf = io.StringIO()
        w = TelemetryWriter(buf, run="r", timestamps=False)
        w.train(5, loss=float("nan"), grad_norm=float("inf"), lr=0.1)
        ev = json.loads(buf.getvalue())
        self.assertEqual(ev, {"v": 1, "type": "train", "run": "r", "step": 5, "loss": None,
                              "grad_norm": None, "lr": 0.1, "nonfinite": ["loss", "grad_norm"]})

    def test_invalid_events_raise(self):
        w = TelemetryWriter(io.StringIO(), run="r")
        w.probe(10, [item(1, True, True)], seq=3)
        with self.assertRaises(ValueError):
            w.probe(20, [item(1, True, True)], seq=3)  # seq must increase
        with self.assertRaises(ValueError):
            w.probe(20, [])
        with self.assertRaises(ValueError):
            w.probe(20, [{"id": "1", "base": 1, "model": True}])
        with self.assertRaises(ValueError):
            w.train(-1, loss=1.0)
        with self.assertRaises(ValueError):
            w.end(3, "done")
        with self.assertRaises(ValueError):
            w.run(base={"model": "m", "pool_size": 1}, probe={}, plan={})
        w.end(3, "failed")
        with self.assertRaises(ValueError):
            w.train(4, loss=1.0)  # nothing after end
        with self.assertRaises(ValueError):
            TelemetryWriter(io.StringIO(), run="")


class CleanProbeTest(unittest.TestCase):
    def test_round_pairs_base_and_model(self):
        buf = io.StringIO()
        w = TelemetryWriter(buf, run="r")
        ids, base = ["p0", "p1", "p2", "p3"], [True, False, True, False]
        cp = CleanProbe(ids, base, ProbeSampler(4, 16, 10, seed=2), w)
        self.assertEqual(cp.pool_accuracy, 0.5)
        self.assertEqual(cp.probe_block()["pool_ids"], ids)
        self.assertNotIn("pool_ids", cp.probe_block(include_ids=False))
        self.assertIsNone(cp.maybe_probe(5, lambda pos: [True] * len(pos)))
        ev = cp.maybe_probe(20, lambda pos: [p % 2 == 1 for p in pos])
        self.assertEqual(ev["seq"], 2)
        self.assertEqual(ev["round_seed"], cp.sampler.draw(2).seed)
        for it, p in zip(ev["items"], cp.sampler.draw(2).positions):
            self.assertEqual(it, {"id": ids[p], "base": base[p], "model": p % 2 == 1})
        with self.assertRaises(ValueError):
            cp.maybe_probe(30, lambda pos: [True])
        with self.assertRaises(ValueError):
            CleanProbe(ids, base[:3], ProbeSampler(4, 16, 10, seed=2), w)


if __name__ == "__main__":
    unittest.main()
