"""tbdl_probe: the in-job half of tbdl (stdlib only).

A training job imports this to (1) draw the clean probe fresh each round, with replacement,
seeded per (seed, round); (2) write protocol-v1 telemetry JSONL (run/train/probe/eval/end);
(3) stop when the monitor's stop file appears; (4) plug into Hugging Face's Trainer, a Lightning Trainer or a plain PyTorch loop.
See integrations/python/README.md and docs/protocol.md.
"""
from .hf import HAVE_TRANSFORMERS, TBDLCallback, TBDLCallbackLogic
from .lightning import HAVE_LIGHTNING, TBDLLightningCallback, TBDLLightningLogic
from .loop import TBDLLoop
from .probe import CleanProbe
from .sampler import ProbeDraw, ProbeSampler, pick, round_seed
from .stop import StopFile, write_stop_file
from .writer import TelemetryWriter, item
from .fleet import FleetPublisher

__all__ = ["ProbeSampler", "ProbeDraw", "round_seed", "pick", "TelemetryWriter", "item",
           "StopFile", "write_stop_file", "CleanProbe", "TBDLCallback", "TBDLCallbackLogic",
           "HAVE_TRANSFORMERS", "TBDLLightningCallback", "TBDLLightningLogic", "HAVE_LIGHTNING", "TBDLLoop",
           "FleetPublisher"]
__version__ = "0.1.0"
