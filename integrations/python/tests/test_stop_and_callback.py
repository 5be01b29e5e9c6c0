"""Unit tests for tbdl_probe.stop and the trainer-agnostic HF callback logic."""
import io
import json
import os
import sys
import tempfile
import unittest
from types import SimpleNamespace

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import tbdl_probe  # noqa: E402
from tbdl_probe import StopFile, TBDLCallbackLogic, TelemetryWriter, write_stop_file  # noqa: E402


class StopFileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "run.stop")

    def tearDown(self):
        self.dir.cleanup()

    def test_absent_then_present_then_latched(self):
        stop = StopFile(self.path)
        self.assertFalse(stop.check())
        write_stop_file(self.path, {"alarm": "worse_than_base", "step": 40})
        self.assertTrue(stop.check())
        self.assertEqual(stop.reason, {"alarm": "worse_than_base", "step": 40})
        os.unlink(self.path)
        self.assertTrue(stop.check())

    def test_atomic_write_leaves_no_temp_files(self):
        write_stop_file(self.path)
        self.assertEqual(os.listdir(self.dir.name), ["run.stop"])
        with open(self.path, encoding="utf-8") as fh:
            self.assertEqual(json.load(fh), {"stop": True})

    def test_plain_text_sentinel_and_disabled(self):
        with open(self.path, "w", encoding="utf-8") as fh:
            fh.write("stop please\n")
        stop = StopFile(self.path)
        self.assertTrue(stop.check())
        self.assertEqual(stop.reason, "stop please")
        self.assertFalse(StopFile(None).check())


class CallbackLogicTest(unittest.TestCase):
    def test_log_step_and_stop(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.stop")
            buf = io.StringIO()
            probed = []
            cb = TBDLCallbackLogic(TelemetryWriter(buf, run="hf"), StopFile(path), probe=probed.append)
            state, control = SimpleNamespace(global_step=10), SimpleNamespace(should_training_stop=False)
            cb.on_log(None, state, control, logs={"loss": 1.5, "grad_norm": 0.7, "learning_rate": 2e-4})
            cb.on_log(None, state, control, logs={"train_runtime": 3.0})  # not a train log: skipped
            cb.on_step_end(None, state, control)
            self.assertFalse(control.should_training_stop)
            write_stop_file(path, {"alarm": "not_learned"})
            state.global_step = 11
            cb.on_step_end(None, state, control)
            self.assertTrue(control.should_training_stop)
            cb.on_train_end(None, state, control)
            ev = [json.loads(l) for l in buf.getvalue().splitlines()]
            self.assertEqual([e["type"] for e in ev], ["train", "end"])
            self.assertEqual((ev[0]["step"], ev[0]["loss"], ev[0]["grad_norm"], ev[0]["lr"]), (10, 1.5, 0.7, 2e-4))
            self.assertEqual((ev[1]["step"], ev[1]["status"]), (11, "stopped"))
            self.assertEqual(probed, [10, 11])

    def test_completed_without_stop(self):
        buf = io.StringIO()
        cb = TBDLCallbackLogic(TelemetryWriter(buf, run="hf"))
        cb.on_train_end(None, SimpleNamespace(global_step=3), SimpleNamespace(should_training_stop=False))
        self.assertEqual(json.loads(buf.getvalue())["status"], "completed")

    def test_hf_class_matches_availability(self):
        try:
            import transformers  # noqa: F401
            have = True
        except Exception:
            have = False
        self.assertEqual(tbdl_probe.HAVE_TRANSFORMERS, have)
        if have:
            from transformers import TrainerCallback
            self.assertTrue(issubclass(tbdl_probe.TBDLCallback, TrainerCallback))
        else:
            self.assertIsNone(tbdl_probe.TBDLCallback)


if __name__ == "__main__":
    unittest.main()
