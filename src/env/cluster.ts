/**
 * The simulated cluster behind `launch_training`: one run of the calibrated simulator (src/sim)
 * built from the agent's actual plan, config and schedule (the rules are in ./arm.ts), revealed
 * step by step as the agent reads telemetry, with the detector (src/detector) applied to every
 * event in stream order exactly as the monitor applies it (detectorInit on the `run` event,
 * detectorApply per event, the verdict at `end`). Metering bills what ran: a schedule that does
 * not fit memory fails at start and bills the provisioning slot (0.05 GPU-hours per GPU); a run
 * bills its steps x hours per step x GPUs, so stopping early saves the rest.
 *
 * The run's randomness is keyed by (ticket, seed, launch index), not by the agent, so two agents
 * that submit the same thing on the same ticket and seed get the same run.
 */
import { createRng, normal } from '../rng.js';
import { bytesPerGpu, goldAnswers, hashJson, hashString, hoursFor, type ConfigArtifact, type Gpu, type GoldEval, type Playbook, type ScheduleArtifact, type Ticket } from '../oracle/index.js';
import { usableBytes } from '../oracle/configurator/memory.js';
import { seedOf } from '../oracle/hash.js';
import { DEFAULT_PROBE_SIZE, simulateRun } from '../sim/index.js';
import { detectorApply, detectorInit, type DetectorState } from '../detector/index.js';
import type { AlarmLine, OutputLine, RunEvent, TelemetryEvent, VerdictLine } from '../telemetry/schema.js';
import { calibrationFor, DIVERGE_LR_FACTOR, envArmOf, progressGain, progressOf, type EnvArm } from './arm.js';

/** Provisioning billed when a job fails at start, GPU-hours per GPU. */
export const PROVISION_HOURS = 0.05;
/** The most steps the cluster accepts for one job (a quota; larger jobs are refused at launch). */
export const MAX_STEPS = 5000;

/** What the run trains on: the reading, plan, config and schedule the agent submitted. */
export interface LaunchInput {
  ticket: Ticket;
  label_column: string;
  format: string;
  loss_masking: 'assistant_only' | 'none';
  method: 'lora' | 'qlora' | 'full';
  train_splits: readonly string[];
  config: ConfigArtifact;
  schedule: ScheduleArtifact;
  seed: number;
  /** 1 for the first launch of the episode, 2 for the second... */
  index: number;
  playbook: Playbook;
}

/** A run's state. */
export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed';

/** The checkpoint a run left (completed or stopped after at least one step). */
export interface Checkpoint { step: number; artifact_hash: string }

type Ev = Record<string, unknown> & { type: string; step?: number };

/** One job on the simulated cluster. */
export class ClusterRun {
  readonly id: string;
  readonly arm: EnvArm;
  readonly planned: number;
  readonly gpu: Gpu;
  readonly gpus: number;
  readonly configHash: string;
  readonly dataHash: string;
  readonly seed: number;
  /** Why the job failed at start (null when it started). */
  readonly startFailure: string | null;
  status: RunStatus;
  /** Steps done so far. */
  step = 0;
  alarms: AlarmLine[] = [];
  verdict: VerdictLine | null = null;
  checkpoint: Checkpoint | null = null;
  heldout: GoldEval | null = null;
  allFinite = true;
  maxGradNorm: number | null = null;
  private readonly hoursPerStep: number;
  private readonly events: Ev[];
  private cursor = 1;
  private readonly emitted: Ev[] = [];
  private detector: DetectorState | null = null;
  private readonly regen: (steps: number) => Ev[];
  private readonly heldoutSplit: string;

  constructor(x: LaunchInput) {
    const t = x.ticket;
    const pb = x.playbook;
    const gold = goldAnswers(t, pb);
    const c = x.config;
    this.seed = x.seed;
    this.id = `run-${hashString(`run:${t.id}:${x.seed}`).slice(2, 10)}-${x.index}`;
    this.arm = envArmOf(t, x);
    this.planned = c.steps;
    this.gpu = t.hardware.find((g) => g.gpu_type === x.schedule.gpu_type) as Gpu;
    this.gpus = x.schedule.gpus;
    this.configHash = hashJson(c);
    this.dataHash = t.dataset.data_hash;
    this.heldoutSplit = t.dataset.heldout_split;
    const rng = createRng(seedOf('env-cluster', t.id, x.seed, x.index));
    const frac = x.method === 'full' ? 1 : pb.loraFlopFraction;
    const flopsPerStep = pb.flopsPerParamToken * t.base.params_b * 1e9 * c.global_batch * c.seq_len * frac;
    this.hoursPerStep = hoursFor(flopsPerStep, this.gpu, this.gpus, pb) * Math.max(0.5, 1 + 0.02 * normal(rng));
    const need = bytesPerGpu(t.base, x.method, c.micro_batch, c.seq_len, this.gpus, pb);
    const have = usableBytes(this.gpu.memory_gb, pb);
    this.startFailure = need > have ? `out_of_memory: needs ${(need / 1e9).toFixed(1)} GB per GPU, ${(have / 1e9).toFixed(1)} GB usable on ${this.gpu.gpu_type}` : null;
    const diverges = c.learning_rate > DIVERGE_LR_FACTOR * gold.config.learning_rate;
    const k = Math.min(pb.surviveSteps, this.planned);
    const divergeAt = diverges ? Math.floor(k / 2) + rng.int(Math.max(1, this.planned - Math.floor(k / 2))) : null;
    const gain = progressGain(progressOf(c, gold.config.steps, gold.config.learning_rate, pb));
    const leak = x.train_splits.includes(t.dataset.heldout_split);
    const { simArm, base } = calibrationFor(t, this.arm, gain, leak, this.hoursPerStep * 3600);
    const lrScale = c.learning_rate / 2e-4;
    const runSeed = seedOf('env-run', t.id, x.seed, x.index);
    this.regen = (steps: number): Ev[] => {
      const sim = simulateRun(createRng(runSeed), {
        arm: simArm, base, seed: x.seed, seedIndex: (((x.seed - 1) % 3) + 3) % 3, runId: this.id, steps,
        every: Math.min(10, steps), size: DEFAULT_PROBE_SIZE, heldoutSize: t.dataset.rows_heldout,
      });
      const evs = sim.events as Ev[];
      const run = evs[0] as Ev;
      run.plan = { steps: this.planned, gpus: this.gpus, gpu_type: this.gpu.gpu_type, usd_per_gpu_hour: this.gpu.usd_per_gpu_hour, seconds_per_step: this.hoursPerStep * 3600 };
      run.design = { alpha: t.goal.alpha, margin: t.goal.margin, warmup_step: Math.min(100, Math.max(10, Math.floor(this.planned / 3))) };
      for (const e of evs) if (e.type === 'train' && typeof e.lr === 'number') e.lr = Number((e.lr * lrScale).toPrecision(4));
      return evs;
    };
    if (this.startFailure !== null) { this.status = 'failed'; this.events = []; return; }
    this.status = 'running';
    if (divergeAt === null) this.events = this.regen(this.planned);
    else {
      const evs = this.regen(Math.max(1, divergeAt)).filter((e) => e.type !== 'eval' && e.type !== 'end');
      const last = evs.at(-1) as Ev;
      evs.push({ v: 1, type: 'train', run: this.id, step: divergeAt, loss: null, grad_norm: 1e4, lr: c.learning_rate, ts: last.ts });
      evs.push({ v: 1, type: 'end', run: this.id, step: divergeAt, status: 'failed', ts: last.ts });
      this.events = evs;
    }
    this.detector = detectorInit(this.events[0] as unknown as RunEvent);
    this.emitted.push(this.events[0] as Ev);
  }

  /** Whether the job started (false when it failed at start). */
  get started(): boolean { return this.startFailure === null; }

  /** The step at which the job ends if nobody stops it. */
  get endStep(): number { return (this.events.at(-1)?.step as number | undefined) ?? 0; }

  /** GPU-hours billed so far. */
  get gpuHours(): number {
    return this.started ? this.step * this.hoursPerStep * this.gpus : PROVISION_HOURS * this.gpus;
  }

  /** USD billed so far. */
  get usd(): number { return this.gpuHours * this.gpu.usd_per_gpu_hour; }

  /** The telemetry the job emitted so far (protocol v1 events, for `tbdl replay`). */
  telemetry(): readonly Record<string, unknown>[] {
    return this.emitted;
  }

  private apply(e: Ev): OutputLine[] {
    if (this.detector === null) return [];
    this.emitted.push(e);
    const r = detectorApply(this.detector, e as unknown as TelemetryEvent);
    this.detector = r.state;
    return r.out;
  }

  private absorb(out: readonly OutputLine[]): number {
    let newAlarms = 0;
    for (const o of out) {
      if (o.type === 'alarm') { this.alarms.push(o as AlarmLine); newAlarms++; }
      else if (o.type === 'verdict') this.verdict = o as VerdictLine;
    }
    return newAlarms;
  }

  /**
   * Advances the job by up to `n` steps, stopping right after an event that raised an alarm.
   * @returns the train and probe events revealed (plain objects).
   */
  advance(n: number): Ev[] {
    if (this.status !== 'running') return [];
    const target = Math.min(this.endStep, this.step + n);
    const shown: Ev[] = [];
    while (this.cursor < this.events.length) {
      const e = this.events[this.cursor] as Ev;
      const s = e.step ?? 0;
      if (s > target) break;
      this.cursor++;
      if (e.type === 'train') {
        if (e.loss === null) this.allFinite = false;
        if (typeof e.grad_norm === 'number') this.maxGradNorm = Math.max(this.maxGradNorm ?? 0, e.grad_norm);
      }
      if (e.type === 'train' || e.type === 'probe') shown.push(e);
      this.step = Math.max(this.step, s);
      if (e.type === 'end') this.finishRun(e, e.status === 'failed' ? 'failed' : 'completed');
      else if (this.absorb(this.apply(e)) > 0 && this.cursor < this.events.length) return shown;
    }
    this.step = Math.max(this.step, Math.min(target, this.endStep));
    return shown;
  }

  private finishRun(end: Ev, status: RunStatus): void {
    this.absorb(this.apply(end));
    this.status = status;
    if (status === 'completed') {
      const ev = this.events.find((e) => e.type === 'eval');
      this.setCheckpoint(this.step, ev);
    }
  }

  private setCheckpoint(step: number, ev: Ev | undefined): void {
    this.checkpoint = { step, artifact_hash: hashString(`artifact:${this.id}:${this.configHash}:${step}`) };
    const items = (ev?.items ?? []) as { base: boolean; model: boolean }[];
    if (items.length === 0) return;
    let bc = 0, mc = 0, b = 0, c = 0;
    for (const it of items) {
      if (it.base) bc++;
      if (it.model) mc++;
      if (it.base && !it.model) b++;
      if (!it.base && it.model) c++;
    }
    this.heldout = { split: this.heldoutSplit, n: items.length, base_correct: bc, model_correct: mc, b, c };
  }

  /** Stops the job at its current step; the checkpoint of that step is kept (none at step 0). */
  stop(): void {
    if (this.status !== 'running') return;
    this.status = 'stopped';
    const last = this.events[Math.max(0, this.cursor - 1)] as Ev;
    this.absorb(this.apply({ v: 1, type: 'end', run: this.id, step: this.step, status: 'stopped', ts: last.ts }));
    if (this.step >= 1) this.setCheckpoint(this.step, this.regen(this.step).find((e) => e.type === 'eval'));
  }

  /** Runs the job to its end (what happens when the agent finishes without stopping it). */
  runToEnd(): void {
    while (this.status === 'running') this.advance(1e9);
  }
}
