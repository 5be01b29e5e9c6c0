/**
 * Verdicts of runs read from trainer logs alone (docs/protocol.md "Runs without probe data"): the
 * detector gives the train gate and `learned: null`; this adds why learning is unknown
 * (`learned_reason`: `no_probe_data` without probe rounds, `no_eval_data` with rounds but no eval
 * items) to every verdict whose `learned` is null, and, for runs whose `run` event was built from
 * run settings, the in-process baseline rules (src/baselines) over the run's train events.
 */
import { runBaselines, type TrainSignal } from '../baselines/index.js';
import type { OutputLine, TelemetryEvent } from '../telemetry/schema.js';

/** Tracks train signals of trainer-log runs and annotates their verdicts. */
export class TrainerVerdicts {
  private readonly train = new Map<string, TrainSignal[]>();

  /** @param synthesized ids of the runs whose `run` event came from run settings (filled while reading). */
  constructor(private readonly synthesized: ReadonlySet<string>) {}

  /** Records a validated event (pass from the Monitor's `onEvent`). */
  observe(ev: TelemetryEvent): void {
    if (ev.type !== 'train' || !this.synthesized.has(ev.run)) return;
    let t = this.train.get(ev.run);
    if (t === undefined) { t = []; this.train.set(ev.run, t); }
    t.push({ step: ev.step, loss: ev.loss, grad_norm: ev.grad_norm, eval_loss: ev.eval_loss });
  }

  /**
   * The line, with `learned_reason` on a verdict whose learned is null and `baseline_rules` on a
   * trainer-log run's verdict. Other lines pass unchanged.
   * @example annotate({ type: 'verdict', run: 'r', learned: null, no_probe_data: true, ... }).learned_reason // 'no_probe_data'
   */
  annotate(line: OutputLine): OutputLine {
    if (line.type !== 'verdict' || typeof line.run !== 'string') return line;
    const out: Record<string, unknown> = { ...line };
    if (line.learned === null) out.learned_reason = line.no_probe_data === true ? 'no_probe_data' : 'no_eval_data';
    if (this.synthesized.has(line.run)) {
      const train = (this.train.get(line.run) ?? []).slice().sort((a, b) => a.step - b.step);
      out.baseline_rules = runBaselines(line.run, train).map((r) => ({ rule: r.rule, fired: r.fired, step: r.step }));
      this.train.delete(line.run);
    }
    return out as OutputLine;
  }
}
