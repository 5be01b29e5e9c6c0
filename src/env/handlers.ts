/**
 * The tool handlers: each takes the episode state and validated arguments, changes the state and
 * returns the result the agent sees, or a {@link ToolError} for a call made in the wrong state.
 */
import { ClusterRun, MAX_STEPS } from './cluster.js';
import { columnStats, datasetSample } from './dataset.js';
import { envErrors, type ToolError } from './errors.js';
import { evaluate, trainSplitCounts, type EvalResult } from './evaluate.js';
import { episodeRecord } from './record.js';
import { currentRun, type EpisodeState } from './state.js';
import type { ToolArgs, ToolName } from './tools.js';

/** A handler's outcome: a result object or an error. */
export type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: ToolError };

const ok = (result: Record<string, unknown>): Outcome => ({ ok: true, result });
const fail = (error: ToolError): Outcome => ({ ok: false, error });

function billed(s: EpisodeState): { gpu_hours: number; usd: number } {
  return { gpu_hours: s.runs.reduce((a, r) => a + r.gpuHours, 0), usd: s.runs.reduce((a, r) => a + r.usd, 0) };
}

function runView(s: EpisodeState, run: ClusterRun, shown: readonly Record<string, unknown>[], alarmsFrom: number): Record<string, unknown> {
  const train = shown.filter((e) => e.type === 'train').slice(-10).map((e) => ({ step: e.step, loss: e.loss, grad_norm: e.grad_norm, lr: e.lr }));
  const probe = shown.filter((e) => e.type === 'probe').slice(-10).map((e) => {
    const items = e.items as { base: boolean; model: boolean }[];
    const m = items.filter((x) => x.model).length, b = items.filter((x) => x.base).length;
    return { step: e.step, n: items.length, accuracy: m / items.length, base_accuracy: b / items.length };
  });
  const alarms = run.alarms.slice(alarmsFrom).map((a) => ({ step: a.step, alarm: a.alarm, probe_accuracy: a.probe_accuracy, base_accuracy: a.base_accuracy, usd_saved_if_stopped: a.usd_saved }));
  const v = run.verdict;
  return {
    run_id: run.id, status: run.status, step: run.step, planned_steps: run.planned, train, probe, alarms,
    verdict: v === null ? null : { train_pass: v.train_pass, learned: v.learned, tbdl: v.tbdl, alarm: v.alarm, alarm_step: v.alarm_step },
    billed: billed(s), checkpoint: run.checkpoint,
  };
}

const H: { [N in ToolName]: (s: EpisodeState, a: ToolArgs<N>) => Outcome } = {
  read_briefing: (s) => ok({ ...s.briefing }),
  inspect_data: (s, a) => {
    const t = s.spec.ticket;
    if (a.column !== undefined) {
      const st = columnStats(t, a.column);
      return st === null ? fail(envErrors.precondition('inspect_data', `no column ${JSON.stringify(a.column)} (expected one of ${t.dataset.columns.map((c) => c.name).join(', ')})`)) : ok({ ...st });
    }
    return ok({ columns: s.briefing.dataset.columns, rows_train: t.dataset.rows_train, rows_heldout: t.dataset.rows_heldout, format: t.dataset.format, sample: datasetSample(t).slice(0, a.rows ?? 24) });
  },
  submit_plan: (s, a) => { s.plan = a; return ok({ accepted: true }); },
  submit_config: (s, a) => { s.config = a; return ok({ accepted: true }); },
  submit_schedule: (s, a) => {
    if (!s.spec.ticket.hardware.some((g) => g.gpu_type === a.gpu_type)) return fail(envErrors.precondition('submit_schedule', `unknown gpu_type ${JSON.stringify(a.gpu_type)} (expected one of ${s.spec.ticket.hardware.map((g) => g.gpu_type).join(', ')})`));
    s.schedule = a;
    return ok({ accepted: true });
  },
  launch_training: (s) => {
    const why = s.plan === null ? 'no plan submitted' : s.config === null ? 'no config submitted' : s.schedule === null ? 'no schedule submitted'
      : currentRun(s)?.status === 'running' ? 'a run is still running (stop it first)' : s.decision !== null ? `the ticket was already decided (${s.decision})` : s.runs.length >= 3 ? 'at most 3 launches per episode' : null;
    if (why !== null) return fail(envErrors.precondition('launch_training', why));
    const c = s.config!, sch = s.schedule!, p = s.plan!;
    if (c.steps < 1 || c.steps > MAX_STEPS) return fail(envErrors.precondition('launch_training', `config.steps ${c.steps} outside the cluster quota (expected 1..${MAX_STEPS})`));
    if (c.micro_batch < 1 || c.seq_len < 1 || c.global_batch < 1) return fail(envErrors.precondition('launch_training', 'config.micro_batch, global_batch and seq_len must be >= 1'));
    if (sch.gpus < 1 || sch.gpus > 64) return fail(envErrors.precondition('launch_training', `schedule.gpus ${sch.gpus} (expected 1..64)`));
    const run = new ClusterRun({ ticket: s.spec.ticket, label_column: p.label_column, format: p.format, loss_masking: p.loss_masking, method: c.method, train_splits: p.train_splits, config: c, schedule: sch, seed: s.spec.seed, index: s.runs.length + 1, playbook: s.playbook });
    s.runs.push(run);
    s.lastEval = null;
    return ok({ run_id: run.id, status: run.status, failure: run.startFailure, planned_steps: run.planned, seed: run.seed, config_hash: run.configHash, data_hash: run.dataHash, gpu_type: run.gpu.gpu_type, gpus: run.gpus, billed: billed(s) });
  },
  read_telemetry: (s, a) => {
    const run = currentRun(s);
    if (run === null) return fail(envErrors.precondition('read_telemetry', 'no run launched'));
    const from = run.alarms.length;
    return ok(runView(s, run, run.advance(a.steps ?? 100), from));
  },
  stop_run: (s) => {
    const run = currentRun(s);
    if (run === null || run.status !== 'running') return fail(envErrors.precondition('stop_run', 'no running job'));
    const from = run.alarms.length;
    run.stop();
    return ok(runView(s, run, [], from));
  },
  run_eval: (s, a) => {
    const run = currentRun(s);
    if (run === null || run.checkpoint === null || run.heldout === null) return fail(envErrors.precondition('run_eval', run?.status === 'running' ? 'the run is still running' : 'no checkpoint to evaluate'));
    const t = s.spec.ticket;
    const splits = ['train', t.dataset.heldout_split];
    if (!splits.includes(a.split)) return fail(envErrors.precondition('run_eval', `unknown split ${JSON.stringify(a.split)} (expected ${splits.join(' or ')})`));
    const g = a.split === t.dataset.heldout_split ? run.heldout : trainSplitCounts(t, run.arm, run.heldout, `${run.id}:${run.checkpoint.step}`);
    const r: EvalResult = evaluate(g, a, t.dataset.labels.count);
    s.lastEval = r;
    s.evalArtifact = { split: a.split, compared_with_base: a.compare_with_base, test: a.test, alpha: a.alpha, margin: a.margin, learned: r.learned };
    return ok({ ...r });
  },
  register: (s, a) => {
    const run = currentRun(s);
    if (run === null || run.checkpoint === null) return fail(envErrors.precondition('register', 'no checkpoint to register'));
    s.registry = { ...a };
    return ok({ registered: true });
  },
  deploy: (s) => decide(s, 'deploy', 'deploy_direct'),
  request_approval: (s) => decide(s, 'request_approval', 'deploy_via_gate'),
  withhold: (s) => decide(s, 'withhold', 'withhold'),
  refuse: (s, a) => decide(s, 'refuse', a.escalate === true ? 'escalate' : 'refuse'),
  report_cost: (s, a) => { s.cost = a; return ok({ accepted: true }); },
  submit_model_card: (s, a) => { s.card = a; return ok({ accepted: true }); },
  finish: (s, a) => {
    for (const r of s.runs) r.runToEnd();
    s.finished = true;
    if (a.tokens_in !== undefined || a.tokens_out !== undefined) s.tokens = { in: a.tokens_in ?? 0, out: a.tokens_out ?? 0 };
    return ok({ episode: episodeRecord(s) });
  },
};

function decide(s: EpisodeState, tool: ToolName, action: NonNullable<EpisodeState['decision']>): Outcome {
  if (s.decision !== null) return fail(envErrors.precondition(tool, `the ticket was already decided (${s.decision})`));
  const run = currentRun(s);
  if ((action === 'deploy_direct' || action === 'deploy_via_gate') && (run === null || run.checkpoint === null)) return fail(envErrors.precondition(tool, 'no checkpoint to ship'));
  if ((action === 'deploy_direct' || action === 'deploy_via_gate') && s.registry === null) return fail(envErrors.precondition(tool, 'register the checkpoint first'));
  s.decision = action;
  return ok({ action, note: action === 'deploy_via_gate' ? 'approval requested from the release manager' : action });
}

/** Runs a handler on validated arguments. */
export function handle<N extends ToolName>(s: EpisodeState, name: N, args: ToolArgs<N>): Outcome {
  return (H[name] as (s: EpisodeState, a: ToolArgs<N>) => Outcome)(s, args);
}
