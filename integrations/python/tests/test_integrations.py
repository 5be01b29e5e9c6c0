"""Lightning callback, HF callback probe rounds and the plain-loop helper, with duck-typed
stand-ins of each trainer's callback API (the real libraries are not installed here). Every
probe round must be the shared sampler's draw for its step."""
import io
import json
import os
import sys
import tempfile
import unittest
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import (CleanProbe, ProbeSampler, StopFile, TBDLCallbackLogic, TBDLLightningLogic,  # noqa: E402
                        TBDLLoop, TelemetryWriter, write_stop_file)

POOL = [f"p{i}" for i in range(20)]
BASE = [i % 3 == 0 for i in range(20)]


def events(buf):
    return [json.loads(l) for l in buf.getvalue().splitlines()]


class FakeTensor:
    """Stands in for a 0-dim torch tensor (``.item()``)."""

    def __init__(self, x):
        self.x = x

    def item(self):
        return self.x


def check_rounds(test, evs, sampler):
    """Every probe event is the sampler's draw for its step: ids, seq and base correctness."""
    probes = [e for e in evs if e["type"] == "probe"]
    test.assertGreater(len(probes), 0)
    for p in probes:
        draw = sampler.draw_for_step(p["step"])
        test.assertEqual(p["seq"], draw.seq)
        test.assertEqual([it["id"] for it in p["items"]], [POOL[i] for i in draw.positions])
        test.assertEqual([it["base"] for it in p["items"]], [BASE[i] for i in draw.positions])
    return probes


class LightningTest(unittest.TestCase):
    def test_train_probe_val_stop_end(self):
        with tempfile.TemporaryDirectory() as d:
            stop_path = os.path.join(d, "r.stop")
            buf = io.StringIO()
            w = TelemetryWriter(buf, run="pl")
            sampler = ProbeSampler(len(POOL), 4, 5, seed=3)
            cp = CleanProbe(POOL, BASE, sampler, w)
            seen = []
            module = object()

            def score(m, positions):
                seen.append(m)
                return [p % 2 == 0 for p in positions]

            cb = TBDLLightningLogic(w, StopFile(stop_path), clean_probe=cp, score=score)
            opt = SimpleNamespace(param_groups=[{"lr": 1e-3}])
            trainer = SimpleNamespace(global_step=0, optimizers=[opt], callback_metrics={}, should_stop=False)
            for step in range(1, 11):
                trainer.global_step = step
                cb.on_train_batch_end(trainer, module, {"loss": FakeTensor(2.0 / step)}, None, step - 1)
            trainer.callback_metrics = {"val_loss": FakeTensor(0.75)}
            cb.on_validation_end(trainer, module)
            self.assertFalse(trainer.should_stop)
            write_stop_file(stop_path, {"alarm": "worse_than_base"})
            trainer.global_step = 11
            cb.on_train_batch_end(trainer, module, FakeTensor(float("nan")), None, 10)
            self.assertTrue(trainer.should_stop)
            cb.on_train_end(trainer, module)
            evs = events(buf)
            train = [e for e in evs if e["type"] == "train"]
            self.assertEqual([(e["step"], e.get("loss")) for e in train[:2]], [(1, 2.0), (2, 1.0)])
            self.assertEqual(train[0]["lr"], 1e-3)
            self.assertIn({"type": "train", "step": 10, "eval_loss": 0.75}, [{k: e[k] for k in ("type", "step", "eval_loss") if k in e} for e in train])
            self.assertIsNone(train[-1]["loss"])  # the NaN loss is null, listed as non-finite
            probes = check_rounds(self, evs, sampler)
            self.assertEqual([p["step"] for p in probes], [5, 10])
            self.assertTrue(all(m is module for m in seen))
            self.assertEqual((evs[-1]["type"], evs[-1]["status"], evs[-1]["step"]), ("end", "stopped", 11))

    def test_probe_needs_both(self):
        with self.assertRaises(ValueError):
            TBDLLightningLogic(TelemetryWriter(io.StringIO(), run="x"), clean_probe=object())


class HFProbeTest(unittest.TestCase):
    def test_rounds_from_the_shared_sampler_with_the_trainers_model(self):
        buf = io.StringIO()
        w = TelemetryWriter(buf, run="hf")
        sampler = ProbeSampler(len(POOL), 3, 2, seed=9)
        cp = CleanProbe(POOL, BASE, sampler, w)
        model = object()
        got = []
        cb = TBDLCallbackLogic(w, clean_probe=cp, score=lambda m, pos: (got.append(m), [True] * len(pos))[1])
        control = SimpleNamespace(should_training_stop=False)
        for step in range(1, 7):
            cb.on_step_end(None, SimpleNamespace(global_step=step), control, model=model)
        cb.on_log(None, SimpleNamespace(global_step=6), control, logs={"eval_loss": 0.5, "eval_runtime": 1.0})
        evs = events(buf)
        probes = check_rounds(self, evs, sampler)
        self.assertEqual([p["step"] for p in probes], [2, 4, 6])
        self.assertEqual([(e["step"], e["eval_loss"]) for e in evs if e["type"] == "train"], [(6, 0.5)])
        self.assertTrue(all(m is model for m in got))


class LoopTest(unittest.TestCase):
    def test_run_event_rounds_stop_and_end(self):
        with tempfile.TemporaryDirectory() as d:
            stop_path = os.path.join(d, "r.stop")
            buf = io.StringIO()
            mon = TBDLLoop(TelemetryWriter(buf, run="loop"), run="loop", pool_ids=POOL, base_correct=BASE,
                           base_model="base", plan={"steps": 30, "gpus": 1, "gpu_type": "cpu", "usd_per_gpu_hour": 0.0},
                           size=5, every=10, seed=7, design={"alpha": 0.05}, stop_file=stop_path)
            stopped_at = None
            for step in range(1, 31):
                if step == 25:
                    write_stop_file(stop_path)
                if mon.step(step, loss=1.0 / step, lr=0.1, score=lambda pos: [False] * len(pos)):
                    stopped_at = step
                    break
            mon.end(stopped_at)
            evs = events(buf)
            run = evs[0]
            self.assertEqual(run["type"], "run")
            self.assertEqual(run["base"], {"model": "base", "pool_size": 20, "pool_accuracy": sum(BASE) / 20})
            self.assertEqual((run["probe"]["size"], run["probe"]["every"], run["probe"]["seed"]), (5, 10, 7))
            self.assertEqual(run["design"], {"alpha": 0.05})
            self.assertEqual(stopped_at, 25)
            probes = check_rounds(self, evs, mon.sampler)
            self.assertEqual([p["step"] for p in probes], [10, 20])
            self.assertEqual(len([e for e in evs if e["type"] == "train"]), 25)
            self.assertEqual((evs[-1]["type"], evs[-1]["status"], evs[-1]["step"]), ("end", "stopped", 25))
            with self.assertRaises(ValueError):
                mon.step(3)


if __name__ == "__main__":
    unittest.main()
