"""Hugging Face ``transformers`` integration: a ``TrainerCallback`` that writes ``train`` events
from ``on_log`` and stops the Trainer when the monitor's stop file appears (``on_step_end``
sets ``control.should_training_stop``).

``TBDLCallback`` is defined only when ``transformers`` is importable (else it is None); the
logic lives in ``TBDLCallbackLogic`` (no transformers import) so it is tested everywhere.

Example::

    from tbdl_probe import TBDLCallback, TelemetryWriter, StopFile
    trainer.add_callback(TBDLCallback(TelemetryWriter("run.jsonl", run="r1"), StopFile("r1.stop")))
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional

from .stop import StopFile
from .writer import TelemetryWriter

__all__ = ["TBDLCallbackLogic", "TBDLCallback", "HAVE_TRANSFORMERS"]


class TBDLCallbackLogic:
    """Trainer-agnostic callback body. ``probe`` (optional) is called as ``probe(step)`` after
    each optimizer step, e.g. ``lambda s: clean_probe.maybe_probe(s, score)``; or pass
    ``clean_probe`` with ``score(model, positions) -> [bool]`` (the Trainer's model is given to
    ``on_step_end`` as ``model``) and the rounds are drawn with the shared sampler."""

    def __init__(self, writer: TelemetryWriter, stop: Optional[StopFile] = None,
                 probe: Optional[Callable[[int], Any]] = None, clean_probe: Any = None,
                 score: Optional[Callable[[Any, Any], Any]] = None) -> None:
        if (clean_probe is None) != (score is None):
            raise ValueError("invalid probe: clean_probe and score go together (expected both or neither)")
        self.writer, self.stop, self.probe = writer, stop or StopFile(None), probe
        self.clean_probe, self.score = clean_probe, score
        self.stopped_at: Optional[int] = None

    def on_log(self, args: Any, state: Any, control: Any, logs: Optional[Mapping[str, Any]] = None, **kw: Any) -> Any:
        """Writes a ``train`` event from HF's log dict (``loss``, ``grad_norm``, ``learning_rate``;
        an evaluation log's ``eval_loss`` alone)."""
        logs = dict(logs or {})
        if "loss" in logs or "grad_norm" in logs or "eval_loss" in logs:  # train logs and evaluation logs
            extra = {"eval_loss": logs["eval_loss"]} if "eval_loss" in logs else {}
            self.writer.train(int(state.global_step), loss=logs.get("loss"),
                              grad_norm=logs.get("grad_norm"), lr=logs.get("learning_rate"), **extra)
        return control

    def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> Any:
        """Runs the probe hook, then checks the stop file; on a stop, asks the Trainer to stop."""
        step = int(state.global_step)
        if self.probe is not None:
            self.probe(step)
        if self.clean_probe is not None and self.score is not None:
            score, model = self.score, kw.get("model")
            self.clean_probe.maybe_probe(step, lambda pos: score(model, pos))
        if self.stop.check():
            control.should_training_stop = True
            if self.stopped_at is None:
                self.stopped_at = step
        return control

    def on_train_end(self, args: Any, state: Any, control: Any, **kw: Any) -> Any:
        """Writes the ``end`` event: ``stopped`` after a stop-file stop, else ``completed``."""
        if not self.writer.ended:
            status = "stopped" if self.stopped_at is not None else "completed"
            self.writer.end(int(state.global_step), status)
        return control


try:  # pragma: no cover - depends on the environment
    from transformers import TrainerCallback as _HFTrainerCallback  # type: ignore

    HAVE_TRANSFORMERS = True
except Exception:  # ImportError, or a broken install
    _HFTrainerCallback = None
    HAVE_TRANSFORMERS = False

TBDLCallback: Any = None
if _HFTrainerCallback is not None:  # pragma: no cover

    class TBDLCallback(TBDLCallbackLogic, _HFTrainerCallback):  # type: ignore[no-redef]
        """``transformers.TrainerCallback`` subclass carrying ``TBDLCallbackLogic``."""

        def __init__(self, writer: TelemetryWriter, stop: Optional[StopFile] = None,
                     probe: Optional[Callable[[int], Any]] = None, clean_probe: Any = None,
                     score: Optional[Callable[[Any, Any], Any]] = None) -> None:
            TBDLCallbackLogic.__init__(self, writer, stop, probe, clean_probe, score)
