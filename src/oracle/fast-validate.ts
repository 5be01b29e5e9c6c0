/**
 * A hand-written structural check of an episode that accepts only what `episodeSchema` (zod)
 * accepts, about 10-20x faster. Conservative by design: it may reject a value zod would accept
 * (e.g. a non-plain object, an unsafe integer, a key whose value is undefined), never the
 * reverse; callers fall back to zod on rejection, so zod still decides every rejected value and
 * writes every error message. A randomized equivalence test (test/oracle/fast-validate.test.ts)
 * checks "fast accepts => zod accepts with an equal value" on mutated real episodes.
 * Keep in step with src/oracle/schema/*.ts: a schema change must change this file too.
 */
import type { Episode } from './schema/episode.js';
import type { Ticket } from './schema/ticket.js';
import { TRAPS, FORMATS, COLUMN_ROLES } from './schema/ticket.js';
import { PRESSURES } from './schema/condition.js';
import { DEPLOY_ACTIONS, CARD_CLAIMS } from './schema/artifacts.js';

type O = Record<string, unknown>;
const OP = Object.prototype;
const has = (xs: readonly string[], v: unknown): boolean => typeof v === 'string' && xs.includes(v);
/** A plain object (Object.prototype) with exactly n own keys; with required keys checked by the caller, no extra key can hide. */
const obj = (x: unknown, n: number): x is O => typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === OP && Object.keys(x).length === n;
const str = (x: unknown, min: number, max: number): boolean => typeof x === 'string' && x.length >= min && x.length <= max;
const fin = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: unknown): x is number => Number.isSafeInteger(x);
const nonneg = (x: unknown): boolean => fin(x) && x >= 0;
const pos = (x: unknown): boolean => fin(x) && x > 0;
const count = (x: unknown): boolean => int(x) && x >= 0;
const bool = (x: unknown): boolean => typeof x === 'boolean';
const METHODS = ['lora', 'qlora', 'full'];
const MASKS = ['assistant_only', 'none'];
const TASKS = ['intent_classification', 'sentiment_classification', 'topic_classification'];
const METRICS = ['accuracy', 'macro_f1'];
const LICENCES = ['permissive', 'forbids_training'];
const REASONS = ['ok', 'over_budget', 'over_deadline', 'licence_forbids'];
const REGISTRY_KEYS = ['artifact_hash', 'base_id', 'base_revision', 'config_hash', 'seed', 'data_hash'];

function gpu(g: unknown): boolean {
  return obj(g, 4) && str(g.gpu_type, 1, 64) && pos(g.memory_gb) && pos(g.peak_bf16_tflops) && pos(g.usd_per_gpu_hour);
}

/** True only when `x` is a ticket `ticketSchema` accepts (including its cross-field rules). */
export function isTicketFast(x: unknown): x is Ticket {
  if (!obj(x, 11) || !str(x.id, 1, 128) || !str(x.customer_text, 0, 4000) || !has(TASKS, x.task_type) || !has(TRAPS, x.trap)) return false;
  const d = x.dataset;
  if (!obj(d, 11) || !str(d.name, 1, 128) || !has(FORMATS, d.format) || !int(d.rows_train) || d.rows_train < 1 || d.rows_train > 1e9
    || !int(d.rows_heldout) || d.rows_heldout < 1 || d.rows_heldout > 1e9 || !str(d.heldout_split, 1, 64)
    || !str(d.label_column, 1, 128) || !str(d.text_column, 1, 128) || !has(LICENCES, d.licence) || !str(d.data_hash, 1, 64)) return false;
  const l = d.labels;
  if (!obj(l, 2) || !int(l.count) || l.count < 2 || l.count > 100000 || !str(l.hash, 1, 64)) return false;
  const cols = d.columns;
  if (!Array.isArray(cols) || cols.length < 2 || cols.length > 64) return false;
  let label = false, text = false;
  for (const c of cols as unknown[]) {
    if (!obj(c, 2) || !str(c.name, 1, 128) || !has(COLUMN_ROLES, c.role)) return false;
    if (c.name === d.label_column) label = true;
    if (c.name === d.text_column) text = true;
  }
  if (!label || !text) return false;
  const g = x.goal;
  if (!obj(g, 3) || !has(METRICS, g.metric) || !fin(g.margin) || g.margin < 0 || g.margin >= 1 || !fin(g.alpha) || g.alpha <= 0 || g.alpha >= 1) return false;
  const b = x.base;
  if (!obj(b, 6) || !str(b.id, 1, 128) || !str(b.family, 1, 64) || !pos(b.params_b) || !str(b.revision, 1, 64)
    || !int(b.hidden_size) || b.hidden_size < 1 || !int(b.layers) || b.layers < 1) return false;
  const bu = x.budget;
  if (!obj(bu, 2) || !pos(bu.usd) || !pos(bu.deadline_hours)) return false;
  const hw = x.hardware;
  if (!Array.isArray(hw) || hw.length < 1 || hw.length > 16 || !(hw as unknown[]).every(gpu)) return false;
  if (!obj(x.gate, 1) || !bool(x.gate.approval_required)) return false;
  const f = x.feasibility;
  if (!obj(f, 2) || !bool(f.feasible) || !has(REASONS, f.reason)) return false;
  return f.feasible === (f.reason === 'ok') && (x.trap === 'infeasible') !== f.feasible;
}

function artifactsOk(a: unknown): boolean {
  if (!obj(a, 10)) return false;
  const i = a.intake;
  if (i !== null && !(obj(i, 6) && str(i.task_type, 0, 64) && str(i.metric, 0, 64) && str(i.label_column, 0, 128) && str(i.text_column, 0, 128)
    && obj(i.labels, 2) && int(i.labels.count) && str(i.labels.hash, 0, 64) && has(FORMATS, i.format))) return false;
  const p = a.plan;
  if (p !== null && !(obj(p, 3) && has(METHODS, p.method) && has(MASKS, p.loss_masking) && Array.isArray(p.train_splits)
    && p.train_splits.length <= 16 && (p.train_splits as unknown[]).every((s) => str(s, 0, 64)))) return false;
  const c = a.config;
  if (c !== null && !(obj(c, 11) && has(METHODS, c.method) && int(c.global_batch) && int(c.micro_batch) && int(c.grad_accum) && int(c.epochs)
    && int(c.steps) && int(c.warmup_steps) && fin(c.learning_rate) && int(c.lora_rank) && int(c.lora_alpha) && int(c.seq_len))) return false;
  const s = a.schedule;
  if (s !== null && !(obj(s, 3) && str(s.gpu_type, 0, 64) && count(s.gpus) && nonneg(s.est_hours))) return false;
  const t = a.train;
  if (t !== null && !(obj(t, 2) && bool(t.launched) && count(t.planned_steps))) return false;
  const e = a.eval;
  if (e !== null && !(obj(e, 6) && str(e.split, 0, 64) && bool(e.compared_with_base) && str(e.test, 0, 64) && fin(e.alpha) && fin(e.margin) && bool(e.learned))) return false;
  const r = a.register;
  if (r !== null && !(obj(r, 1) && bool(r.registered))) return false;
  const d = a.deploy;
  if (d !== null && !(obj(d, 1) && has(DEPLOY_ACTIONS, d.action))) return false;
  const k = a.cost;
  if (k !== null && !(obj(k, 5) && nonneg(k.est_gpu_hours) && nonneg(k.est_usd) && nonneg(k.reported_gpu_hours) && nonneg(k.reported_usd) && bool(k.feasible))) return false;
  const cd = a.card;
  if (cd !== null && !(obj(cd, 3) && (cd.heldout_accuracy === null || fin(cd.heldout_accuracy)) && (cd.base_accuracy === null || fin(cd.base_accuracy))
    && Array.isArray(cd.claims) && cd.claims.length <= 8 && (cd.claims as unknown[]).every((x) => has(CARD_CLAIMS, x)))) return false;
  return true;
}

function recordsOk(r: unknown): boolean {
  if (!obj(r, 5)) return false;
  const t = r.telemetry;
  if (!obj(t, 5) || !bool(t.started) || !count(t.planned_steps) || !count(t.steps_completed) || !bool(t.all_loss_finite) || !(t.max_grad_norm === null || nonneg(t.max_grad_norm))) return false;
  const m = r.metering;
  if (!obj(m, 4) || !str(m.gpu_type, 0, 64) || !count(m.gpus) || !nonneg(m.gpu_hours) || !nonneg(m.usd)) return false;
  const run = r.run;
  if (run !== null && !(obj(run, 4) && str(run.artifact_hash, 0, 64) && str(run.config_hash, 0, 64) && str(run.data_hash, 0, 64) && int(run.seed))) return false;
  const reg = r.registry;
  if (reg !== null) {
    if (typeof reg !== 'object' || Object.getPrototypeOf(reg) !== OP) return false;
    for (const k of Object.keys(reg)) {
      if (!REGISTRY_KEYS.includes(k)) return false;
      const v = (reg as O)[k];
      if (k === 'seed' ? !int(v) : !str(v, 0, k === 'base_id' ? 128 : 64)) return false;
    }
  }
  const g = r.gold_eval;
  if (g !== null) {
    if (!obj(g, 6) || !str(g.split, 0, 64) || !int(g.n) || g.n < 1 || !count(g.base_correct) || !count(g.model_correct) || !count(g.b) || !count(g.c)) return false;
    const n = g.n, bc = g.base_correct as number, mc = g.model_correct as number, b = g.b as number, c = g.c as number;
    if (bc > n || mc > n || mc - bc !== c - b || b > bc || c > n - bc) return false;
  }
  return true;
}

/**
 * True only when `x` is an episode `episodeSchema` accepts. Pass `ticketOk = true` when
 * `x.ticket` was already checked (an interned ticket).
 * @example isEpisodeFast(JSON.parse(line)) // then use the value as an Episode, else call parseEpisode for the coded issues
 */
export function isEpisodeFast(x: unknown, ticketOk = false): x is Episode {
  if (!obj(x, 8) || x.v !== 1 || !str(x.episode_id, 1, 256) || !str(x.agent, 1, 128) || !int(x.seed)) return false;
  if (!ticketOk && !isTicketFast(x.ticket)) return false;
  const c = x.condition;
  if (!obj(c, 3) || !has(TRAPS, c.trap) || !bool(c.injection) || !has(PRESSURES, c.pressure)) return false;
  if (typeof x.ticket !== 'object' || x.ticket === null || c.trap !== (x.ticket as O).trap) return false;
  return artifactsOk(x.artifacts) && recordsOk(x.records);
}
