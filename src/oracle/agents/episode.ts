/**
 * One simulated episode of a profiled agent: artifacts from the agent's (seeded) behaviour and
 * records from the simulated run, so downstream tables have T, Learned and TBDL with causes.
 * Every stage draws from its own Rng stream keyed by (agent, ticket, seed, stage). The pressure
 * rung enters no key, so across rungs only the deploy decision can change. Under config injection
 * (the do-intervention) the keys gain a `do:` prefix (pairing 'independent', the default): a real
 * agent handed a config is a different stochastic run, so its judgment draws are independent of
 * the control episode's given the profile, at the rates of `underDo(profile)` (the profile's own
 * unless it states a doJudgmentShift). Pairing 'common' reuses the control draws (then only the
 * config artifact, and what running it causes, differs).
 */
import { bernoulli, createRng, type Rng } from '../../rng.js';
import { PLAYBOOK, type Playbook } from '../playbook.js';
import { goldAnswers } from '../gold.js';
import { learnedFrom } from '../learned.js';
import { hashJson, hashString, seedOf } from '../hash.js';
import { trainPass } from '../graders/train.js';
import { LEARNED_TEST } from '../graders/eval.js';
import { pick } from './sample.js';
import { configOf, intakeOf, planOf, refusalOf, scheduleOf } from './behaviour.js';
import { underDo, type Pairing } from './do.js';
import { armOf, simulateGoldEval, simulateRun } from './records.js';
import type { AgentProfile } from './profiles.js';
import type { Episode } from '../schema/episode.js';
import type { Ticket } from '../schema/ticket.js';
import type { Condition } from '../schema/condition.js';
import type { Artifacts, CardClaim, CostArtifact, DeployAction, EvalArtifact } from '../schema/artifacts.js';
import type { RegistryEntry, Records } from '../schema/records.js';

/** The episode id: agent/ticket/s<seed>/<inj|ctl>/<pressure>. */
export function episodeId(agent: string, ticketId: string, seed: number, c: Condition): string {
  return `${agent}/${ticketId}/s${seed}/${c.injection ? 'inj' : 'ctl'}/${c.pressure}`;
}

/** Simulation options. */
export interface SimulateOptions {
  /** How a do-condition episode's draws relate to its control twin's (default 'independent'). */
  pairing?: Pairing;
}

/**
 * Simulates one episode.
 * @param prof the agent profile; t a catalogue ticket; c a condition whose trap equals t.trap;
 * @param seed an integer seed (replicate index); pb the playbook; o simulation options.
 * @returns a schema-valid Episode.
 * @throws OracleError `invalid_argument` for a profile doJudgmentShift outside [-1, 1].
 * @example simulateEpisode(PROFILES['flagship-a'], buildCatalogue()[0], {trap:'none', injection:false, pressure:'neutral'}, 1)
 */
export function simulateEpisode(prof: AgentProfile, t: Ticket, c: Condition, seed: number, pb: Playbook = PLAYBOOK, o: SimulateOptions = {}): Episode {
  const gold = goldAnswers(t, pb);
  // judgment rates under the condition (arithmetic and execution rates are never shifted)
  const p = c.injection ? underDo(prof) : prof;
  const prefix = c.injection && (o.pairing ?? 'independent') === 'independent' ? 'do:' : '';
  const rng = (stage: string): Rng => createRng(seedOf(p.name, t.id, seed, prefix + stage));
  const intake = intakeOf(p, t, gold, rng('intake'));
  const plan = planOf(p, t, gold, rng('plan'));
  const config = c.injection ? { ...gold.config } : configOf(p, gold, rng('config'));
  const schedule = scheduleOf(p, gold, rng('schedule'));
  const refusal = refusalOf(p, t, gold, rng('refusal'));
  const costRng = rng('cost');
  const costSlip = bernoulli(costRng, p.arithmeticSlip);
  const cost = (gpuHours: number, usd: number): CostArtifact => {
    const a: CostArtifact = { est_gpu_hours: gold.cost.est_gpu_hours, est_usd: gold.cost.est_usd, reported_gpu_hours: gpuHours, reported_usd: usd, feasible: gold.cost.feasible };
    if (!costSlip) return a;
    const kind = pick(costRng, ['report_x_gpus', 'estimate_price', 'feasibility'] as const);
    if (kind === 'report_x_gpus') { a.reported_usd = usd * 1.25 + 0.01; a.reported_gpu_hours = gpuHours * 1.25 + 0.01; }
    else if (kind === 'estimate_price') a.est_usd = gold.cost.est_usd * 1.5;
    else a.feasible = !a.feasible;
    return a;
  };
  const id = episodeId(p.name, t.id, seed, c);
  const base = { v: 1 as const, episode_id: id, agent: p.name, seed, ticket: t, condition: c };

  if (refusal !== null) {
    const artifacts: Artifacts = {
      intake, plan, config, schedule, train: { launched: false, planned_steps: 0 }, eval: null,
      register: { registered: false }, deploy: { action: refusal }, cost: cost(0, 0),
      card: { heldout_accuracy: null, base_accuracy: null, claims: p.style === 'naive' ? [] : ['refused'] },
    };
    const records: Records = {
      telemetry: { started: false, planned_steps: 0, steps_completed: 0, all_loss_finite: true, max_grad_norm: null },
      metering: { gpu_type: schedule.gpu_type, gpus: schedule.gpus, gpu_hours: 0, usd: 0 }, run: null, registry: null, gold_eval: null,
    };
    return { ...base, artifacts, records };
  }

  const sim = simulateRun(t, gold.config.learning_rate, plan, config, schedule, pb, rng('run'));
  const arm = armOf(t, intake, plan);
  const leak = plan.train_splits.includes(t.dataset.heldout_split);
  const goldEval = sim.completed ? simulateGoldEval(t, arm, leak, rng('gold')) : null;
  const lv = goldEval === null ? null : learnedFrom(goldEval, t.goal.alpha, t.goal.margin);
  const T = trainPass(sim.telemetry, pb);

  // eval protocol and the agent's belief
  const evalRng = rng('eval');
  let evalArt: EvalArtifact | null = null;
  let belief = false;
  let evalSplitOk = true;
  let comparedOk = true;
  if (lv !== null) {
    const e: EvalArtifact = { split: t.dataset.heldout_split, compared_with_base: true, test: LEARNED_TEST, alpha: t.goal.alpha, margin: t.goal.margin, learned: lv.learned };
    const pNoMargin = lv.p <= t.goal.alpha;
    if (p.style === 'naive') { e.margin = 0; e.learned = pNoMargin; }
    else if (bernoulli(evalRng, p.evalError)) {
      const kind = pick(evalRng, ['wrong_split', 'no_base', 'wrong_test'] as const);
      if (kind === 'wrong_split') { e.split = 'train'; e.learned = T; evalSplitOk = false; }
      else if (kind === 'no_base') { e.compared_with_base = false; e.learned = T; comparedOk = false; }
      else { e.test = 'mcnemar_exact_two_sided'; e.margin = 0; e.learned = pNoMargin; }
    }
    evalArt = e;
    belief = e.learned;
  }

  // deploy: ship what the agent believes learned, through the gate by the rung's probability
  const deployRng = rng('deploy');
  const uGate = deployRng.next();
  const uShip = deployRng.next();
  const ship = belief || uShip < p.shipUnlearned;
  const action: DeployAction = !ship ? 'withhold' : uGate < p.gate[c.pressure] ? 'deploy_via_gate' : 'deploy_direct';

  // register: the run's identity, with an execution slip
  const configHash = hashJson(config);
  // the trained artifact is identified by what produced it (same agent, ticket, seed and config: same run)
  const runRec = sim.telemetry.started ? { artifact_hash: hashString(`artifact:${p.name}:${t.id}:${seed}:${configHash}`), config_hash: configHash, data_hash: t.dataset.data_hash, seed } : null;
  let registry: RegistryEntry | null = null;
  if (runRec !== null && sim.completed) {
    const regRng = rng('register');
    registry = { artifact_hash: runRec.artifact_hash, base_id: t.base.id, base_revision: t.base.revision, config_hash: runRec.config_hash, seed, data_hash: runRec.data_hash };
    if (bernoulli(regRng, p.registerSlip)) {
      const kind = pick(regRng, ['drop_revision', 'stale_config'] as const);
      if (kind === 'drop_revision') delete registry.base_revision;
      else registry.config_hash = hashJson(gold.config) === runRec.config_hash ? hashString(`stale:${p.name}:${t.id}:${seed}`) : hashJson(gold.config);
    }
  }

  // card
  const cardRng = rng('card');
  const claims: CardClaim[] = belief ? ['learned'] : T && p.style !== 'naive' ? ['tbdl'] : [];
  if (p.style !== 'naive' && bernoulli(cardRng, p.cardError)) claims.push('production_ready');
  const round3 = (x: number): number => Math.round(x * 1000) / 1000;
  const card = {
    heldout_accuracy: lv === null ? null : round3(evalSplitOk ? lv.model_accuracy : Math.min(1, lv.model_accuracy + 0.12)),
    base_accuracy: lv === null || !comparedOk ? null : round3(lv.base_accuracy),
    claims,
  };

  const artifacts: Artifacts = {
    intake, plan, config, schedule, train: { launched: true, planned_steps: sim.telemetry.planned_steps }, eval: evalArt,
    register: { registered: registry !== null }, deploy: { action }, cost: cost(sim.metering.gpu_hours, sim.metering.usd), card,
  };
  const records: Records = { telemetry: sim.telemetry, metering: sim.metering, run: runRec, registry, gold_eval: goldEval };
  return { ...base, artifacts, records };
}
