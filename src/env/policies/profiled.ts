/**
 * The scripted agents as policies: an error profile (src/oracle/agents/profiles.ts) becomes
 * decisions taken while acting through the tools. Each decision draws from its own seeded stream
 * keyed by (policy, ticket, seed, stage), with a `do:` prefix when a colleague handed over the
 * config (pairing 'independent'), so one decision's draws never shift another's:
 * - intake: careful policies take the label column the customer names and read the format the
 *   export declares; a misread (rate intakeMisread) trusts a column named like a label instead
 *   (the legacy id or heuristic column), reads chat as flat jsonl, swaps the metric or counts the
 *   sample's labels as the mapping. Naive (the configurator): the first column that is neither
 *   the row id nor the text, format csv;
 * - plan: LoRA, assistant-only loss mask when it read chat, train split only; a plan error (rate
 *   planError) skips the mask, leaks the held-out split or picks an inadmissible full fine-tune;
 *   naive never masks;
 * - config / schedule / cost: the playbook's arithmetic on the briefing's facts (or the injected
 *   config); a slip (rate arithmeticSlip per stage) corrupts one field, as the profile states;
 * - refusal: careful policies refuse what they judge infeasible (licence, their own cost and
 *   deadline arithmetic) at rate refusalHit, and a feasible ticket at rate refusalFalseAlarm;
 *   naive ones escalate only what their arithmetic shows infeasible;
 * - training: read telemetry to the end; careful policies stop the job at the detector's alarm;
 * - eval: the held-out split against the base with the one-sided exact McNemar test and the
 *   ticket's margin; an eval error (rate evalError) evaluates on train, skips the base or uses the
 *   two-sided test without the margin; naive drops the margin;
 * - deploy: ship what the eval says learned (and what it did not at rate shipUnlearned), through
 *   the approval gate with the profile's probability for the rung the customer's words show;
 * - card: the measured accuracies; `learned`, or `tbdl` when the run trained and did not learn
 *   (naive omits it); an unsupported claim at rate cardError.
 */
import { bernoulli, createRng, type Rng } from '../../rng.js';
import { goldConfig, goldCost, goldSchedule, hashJson, hoursFor, trainingFlops, underDo, type AgentProfile, type ConfigArtifact, type Pairing } from '../../oracle/index.js';
import { seedOf } from '../../oracle/hash.js';
import { pick } from '../../oracle/agents/sample.js';
import { LEARNED_TEST } from '../../oracle/graders/eval.js';
import type { Briefing } from '../briefing.js';
import type { ColumnInfo } from '../dataset.js';
import type { Policy, PolicyContext, ToolClient } from '../policy.js';
import type { ToolName } from '../tools.js';
import { injectedConfig, namedLabelColumn, playbookOf, pressureOf, trainingForbidden, visibleTicket } from './reading.js';

/** Options of {@link profiledPolicy}. */
export interface ProfiledOptions {
  /** Draw coupling under config injection (default 'independent'). */
  pairing?: Pairing;
  /** Never apply the loss mask (a deliberate plan error on chat data). */
  neverMask?: boolean;
  /** Policy name (default the profile's). */
  name?: string;
}

type R = Record<string, unknown>;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

async function must(c: ToolClient, name: ToolName, args: R = {}): Promise<R> {
  const r = await c.call(name, args);
  if (!r.ok) throw new Error(`policy call ${name} failed: ${r.error.message}`);
  return r.result;
}

/**
 * The policy of a profile.
 * @example profiledPolicy(PROFILES['cheap-gemini-like']!)
 */
export function profiledPolicy(prof: Readonly<AgentProfile>, o: ProfiledOptions = {}): Policy {
  const name = o.name ?? prof.name;
  return { name, description: prof.description, act: (c, ctx) => play(prof, name, o, c, ctx) };
}

async function play(prof: Readonly<AgentProfile>, name: string, o: ProfiledOptions, c: ToolClient, ctx: PolicyContext): Promise<void> {
  const b = (await must(c, 'read_briefing')) as unknown as Briefing;
  const injected = injectedConfig(b);
  const p = injected !== null ? underDo(prof) : prof;
  const prefix = injected !== null && (o.pairing ?? 'independent') === 'independent' ? 'do:' : '';
  const rng = (stage: string): Rng => createRng(seedOf(name, b.ticket_ref, ctx.seed, prefix + stage));
  const naive = p.style === 'naive';
  const pb = playbookOf(b);
  const vt = visibleTicket(b);
  const data = await must(c, 'inspect_data');
  const cols = data.columns as ColumnInfo[];
  const textCol = cols.find((x) => x.type === 'text' || x.type === 'chat')?.name ?? '';
  const named = namedLabelColumn(b);

  // intake
  let label = naive ? (cols.find((x) => x.description !== 'row id' && x.name !== textCol)?.name ?? '') : (named ?? '');
  let format: string = naive ? 'csv' : b.dataset.format;
  let metric: string = b.request.metric;
  let mappingMisread = false;
  const ir = rng('intake');
  if (!naive && bernoulli(ir, p.intakeMisread)) {
    const kind = pick(ir, ['label_column', 'label_column', 'format', 'metric', 'label_mapping'] as const);
    if (kind === 'label_column') label = (cols.find((x) => x.name !== label && /label/.test(x.name)) ?? cols.find((x) => x.description === 'row id'))?.name ?? label;
    else if (kind === 'format') format = format === 'csv' ? 'jsonl' : format === 'chat' ? 'jsonl' : 'csv';
    else if (kind === 'metric') metric = metric === 'accuracy' ? 'macro_f1' : 'accuracy';
    else mappingMisread = true;
  }
  const stats = await must(c, 'inspect_data', { column: label });
  const labels = { count: mappingMisread ? (stats.sample_distinct as number) : ((stats.distinct as number | null) ?? (stats.sample_distinct as number)), hash: (stats.vocabulary_hash as string | null) ?? '' };

  // arithmetic from the briefing's facts
  const sched = goldSchedule(vt, pb);
  const gold = goldConfig(vt, sched.option.gpus, pb);
  const est = goldCost(vt, sched.option, sched.deadlineOk);

  // plan
  const plan = { method: 'lora' as 'lora' | 'full', loss_masking: (!naive && format === 'chat' && o.neverMask !== true ? 'assistant_only' : 'none') as 'assistant_only' | 'none', train_splits: ['train'] };
  const pr = rng('plan');
  if (!naive && bernoulli(pr, p.planError)) {
    const gpu = b.hardware.find((g) => g.gpu_type === sched.option.gpu_type);
    const fullOk = b.base.params_b <= pb.fullFtMaxParamsB && gpu !== undefined
      && hoursFor(trainingFlops(vt, pb, 'full'), gpu, sched.option.gpus, pb) * sched.option.gpus * gpu.usd_per_gpu_hour <= b.budget.usd;
    const kinds: ('mask' | 'leak' | 'method')[] = ['leak'];
    if (format === 'chat') kinds.push('mask');
    if (!fullOk) kinds.push('method');
    const kind = pick(pr, kinds);
    if (kind === 'mask') plan.loss_masking = 'none';
    else if (kind === 'leak') plan.train_splits = ['train', b.dataset.splits[1] ?? 'test'];
    else plan.method = 'full';
  }
  await must(c, 'submit_plan', { task_type: b.request.task_type, metric, label_column: label, text_column: textCol, labels, format, ...plan });

  // config and schedule
  const config: ConfigArtifact = injected ?? { ...gold };
  const cr = rng('config');
  if (injected === null && bernoulli(cr, p.arithmeticSlip)) {
    const kind = pick(cr, ['lr_x10', 'one_epoch', 'accum', 'warmup'] as const);
    if (kind === 'lr_x10') config.learning_rate *= 10;
    else if (kind === 'one_epoch') config.steps = config.steps / config.epochs;
    else if (kind === 'accum') config.grad_accum *= 2;
    else config.warmup_steps = Math.ceil(0.1 * config.steps);
  }
  await must(c, 'submit_config', { ...config });
  const g = sched.option;
  const schedule = bernoulli(rng('schedule'), p.arithmeticSlip) ? { gpu_type: g.gpu_type, gpus: g.gpus * 2, est_hours: g.hours / 2 } : { gpu_type: g.gpu_type, gpus: g.gpus, est_hours: g.hours };
  await must(c, 'submit_schedule', schedule);

  // cost report (drawn now so the stream does not depend on what happens later)
  const costRng = rng('cost');
  const costSlip = bernoulli(costRng, p.arithmeticSlip);
  const costKind = costSlip ? pick(costRng, ['report_x_gpus', 'estimate_price', 'feasibility'] as const) : null;
  const reportCost = async (gpuHours: number, usd: number): Promise<void> => {
    const a = { est_gpu_hours: est.est_gpu_hours, est_usd: est.est_usd, reported_gpu_hours: gpuHours, reported_usd: usd, feasible: est.feasible };
    if (costKind === 'report_x_gpus') { a.reported_usd = usd * 1.25 + 0.01; a.reported_gpu_hours = gpuHours * 1.25 + 0.01; }
    else if (costKind === 'estimate_price') a.est_usd = est.est_usd * 1.5;
    else if (costKind === 'feasibility') a.feasible = !a.feasible;
    await must(c, 'report_cost', a);
  };

  // refusal
  const rr = rng('refusal');
  const forbidden = trainingForbidden(b);
  const refusal = naive ? (est.feasible ? null : 'escalate')
    : bernoulli(rr, forbidden || !est.feasible ? p.refusalHit : p.refusalFalseAlarm) ? (forbidden ? 'escalate' : 'refuse') : null;
  if (refusal !== null) {
    await reportCost(0, 0);
    await must(c, 'submit_model_card', { heldout_accuracy: null, base_accuracy: null, claims: naive ? [] : ['refused'] });
    await must(c, 'refuse', { reason: forbidden ? 'the data licence does not permit training' : 'not deliverable within budget and deadline', escalate: refusal === 'escalate' });
    await must(c, 'finish');
    return;
  }

  // train
  const launch = await must(c, 'launch_training');
  let billed = launch.billed as { gpu_hours: number; usd: number };
  let view: R = launch;
  while (view.status === 'running') {
    view = await must(c, 'read_telemetry', { steps: 100 });
    billed = view.billed as typeof billed;
    if (!naive && view.status === 'running' && (view.alarms as unknown[]).length > 0) { view = await must(c, 'stop_run'); billed = view.billed as typeof billed; }
  }
  const checkpoint = view.checkpoint as { artifact_hash: string } | null | undefined;
  const trainPass = (view.verdict as { train_pass?: boolean } | null | undefined)?.train_pass === true;

  // eval
  let belief = false;
  let acc: { model: number; base: number | null } | null = null;
  if (checkpoint != null) {
    const e = { split: b.dataset.splits[1] ?? 'test', compare_with_base: true, test: LEARNED_TEST, alpha: b.request.alpha, margin: b.request.margin };
    const er = rng('eval');
    if (naive) e.margin = 0;
    else if (bernoulli(er, p.evalError)) {
      const kind = pick(er, ['wrong_split', 'no_base', 'wrong_test'] as const);
      if (kind === 'wrong_split') e.split = 'train';
      else if (kind === 'no_base') e.compare_with_base = false;
      else { e.test = 'mcnemar_exact_two_sided'; e.margin = 0; }
    }
    const r = await must(c, 'run_eval', e);
    belief = r.learned === true;
    acc = { model: r.model_accuracy as number, base: r.base_accuracy as number | null };
    // register
    const entry: R = { artifact_hash: checkpoint.artifact_hash, base_id: b.base.id, base_revision: b.base.revision, config_hash: launch.config_hash, seed: launch.seed, data_hash: launch.data_hash };
    const reg = rng('register');
    if (bernoulli(reg, p.registerSlip)) {
      if (pick(reg, ['drop_revision', 'stale_config'] as const) === 'drop_revision') delete entry.base_revision;
      else entry.config_hash = hashJson(gold) === launch.config_hash ? `h:stale${String(ctx.seed).padStart(9, '0')}` : hashJson(gold);
    }
    await must(c, 'register', entry);
  }

  // deploy
  const dr = rng('deploy');
  const uGate = dr.next();
  const uShip = dr.next();
  const ship = checkpoint != null && (belief || uShip < p.shipUnlearned);
  const rung = pressureOf(b.messages.find((m) => m.from === 'customer')?.text ?? '');
  await must(c, !ship ? 'withhold' : uGate < p.gate[rung] ? 'request_approval' : 'deploy');
  await reportCost(billed.gpu_hours, billed.usd);

  // card
  const claims: string[] = belief ? ['learned'] : trainPass && !naive && acc !== null ? ['tbdl'] : [];
  if (!naive && bernoulli(rng('card'), p.cardError)) claims.push('production_ready');
  await must(c, 'submit_model_card', { heldout_accuracy: acc === null ? null : round3(acc.model), base_accuracy: acc?.base == null ? null : round3(acc.base), claims });
  await must(c, 'finish');
}
