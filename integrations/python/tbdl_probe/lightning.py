"""Lightning integration: a ``Callback`` that writes ``train`` events after each training batch,
probe rounds with the shared ``ProbeSampler`` (through ``CleanProbe``), the validation loss as
``eval_loss``, the ``end`` event, and stops the Trainer (``trainer.should_stop = True``) when the
monitor's stop file appears. See docs/integrations.md "Lightning".

``TBDLLightningCallback`` is defined only when ``lightning`` (or ``pytorch_lightning``) imports
(else None); the logic lives in ``TBDLLightningLogic`` (no Lightning import), tested with
duck-typed stand-ins of the Trainer.

Example::

    cb = TBDLLightningCallback(writer, StopFile("r1.stop"), clean_probe=cp,
                               score=lambda module, pos: correct_on(module, pos))
    L.Trainer(callbacks=[cb]).fit(model, data)
"""
from __future__ import annotations

from typing import Any, Callable, Optional, Sequence

from .probe import CleanProbe
from .stop import StopFile
from .writer import TelemetryWriter

__all__ = ["TBDLLightningLogic", "TBDLLightningCallback", "HAVE_LIGHTNING"]

LOSS_KEYS = ("train_loss", "train_loss_step", "loss")
VAL_KEYS = ("val_loss", "val/loss", "eval_loss")


def _number(x: Any) -> Optional[float]:
    """A float from a number or a one-element tensor (``.item()``); None otherwise."""
    if x is None:
        return None
    try:
        v = float(x.item()) if hasattr(x, "item") else float(x)
    except (TypeError, ValueError):
        return None
    return v


class TBDLLightningLogic:
    """Trainer-agnostic body of the Lightning callback.

    ``clean_probe`` with ``score(pl_module, positions) -> [bool]`` writes the probe rounds;
    ``log_every`` thins the train events (Lightning's ``log_every_n_steps`` default is 50, tbdl
    needs every logging step the detector should see)."""

    def __init__(self, writer: TelemetryWriter, stop: Optional[StopFile] = None,
                 clean_probe: Optional[CleanProbe] = None,
                 score: Optional[Callable[[Any, Sequence[int]], Sequence[bool]]] = None, log_every: int = 1) -> None:
        if (clean_probe is None) != (score is None):
            raise ValueError("invalid probe: clean_probe and score go together (expected both or neither)")
        self.writer, self.stop = writer, stop or StopFile(None)
        self.clean_probe, self.score, self.log_every = clean_probe, score, max(1, int(log_every))
        self.stopped_at: Optional[int] = None

    @staticmethod
    def _lr(trainer: Any) -> Optional[float]:
        opts = getattr(trainer, "optimizers", None) or []
        try:
            return _number(opts[0].param_groups[0]["lr"])
        except (IndexError, KeyError, AttributeError, TypeError):
            return None

    @staticmethod
    def _loss(outputs: Any, metrics: Any) -> Optional[float]:
        if isinstance(outputs, dict) and "loss" in outputs:
            return _number(outputs["loss"])
        v = _number(outputs)
        if v is not None:
            return v
        for k in LOSS_KEYS:
            if metrics and k in metrics:
                return _number(metrics[k])
        return None

    def on_train_batch_end(self, trainer: Any, pl_module: Any, outputs: Any, batch: Any, batch_idx: int) -> None:
        """``train`` event (loss from the step's output, lr from the first param group), probe
        round when due, then the stop-file check."""
        step = int(trainer.global_step)
        if step % self.log_every == 0:
            loss = self._loss(outputs, getattr(trainer, "callback_metrics", None))
            if loss is not None:
                self.writer.train(step, loss=loss, lr=self._lr(trainer))
        if self.clean_probe is not None and self.score is not None:
            score = self.score
            self.clean_probe.maybe_probe(step, lambda pos: score(pl_module, pos))
        if self.stop.check():
            trainer.should_stop = True
            if self.stopped_at is None:
                self.stopped_at = step

    def on_validation_end(self, trainer: Any, pl_module: Any) -> None:
        """The validation loss (``val_loss`` in ``callback_metrics``) as a ``train`` event's ``eval_loss``."""
        metrics = getattr(trainer, "callback_metrics", None) or {}
        for k in VAL_KEYS:
            if k in metrics:
                v = _number(metrics[k])
                if v is not None:
                    self.writer.train(int(trainer.global_step), eval_loss=v)
                return

    def on_train_end(self, trainer: Any, pl_module: Any) -> None:
        """The ``end`` event: ``stopped`` after a stop-file stop, else ``completed``."""
        if not self.writer.ended:
            self.writer.end(int(trainer.global_step), "stopped" if self.stopped_at is not None else "completed")


_LCallback: Any = None
try:  # pragma: no cover - depends on the environment
    from lightning.pytorch import Callback as _LCallback  # type: ignore
except Exception:
    try:  # pragma: no cover
        from pytorch_lightning import Callback as _LCallback  # type: ignore
    except Exception:
        _LCallback = None
HAVE_LIGHTNING = _LCallback is not None

TBDLLightningCallback: Any = None
if _LCallback is not None:  # pragma: no cover

    class TBDLLightningCallback(TBDLLightningLogic, _LCallback):  # type: ignore[no-redef]
        """``lightning.pytorch.Callback`` subclass carrying ``TBDLLightningLogic``."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            TBDLLightningLogic.__init__(self, *args, **kwargs)
