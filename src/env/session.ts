/**
 * One episode as an environment: `call(tool, args)` validates the arguments with the tool's zod
 * schema, acts, records the call and returns what the agent sees. Deterministic: the same
 * specification and the same calls give the same results and the same episode record, whatever
 * carries the calls (in process, MCP, JSON lines). Never throws on a tool call: a bad call is an
 * error result, recorded.
 */
import { PLAYBOOK, type Episode, type Playbook } from '../oracle/index.js';
import { briefingOf } from './briefing.js';
import { envErrors, type ToolError } from './errors.js';
import { handle } from './handlers.js';
import { episodeRecord, transcriptOf, type Transcript } from './record.js';
import { specEpisodeId, type EpisodeSpec } from './spec.js';
import type { EpisodeState } from './state.js';
import { TOOL_NAMES, TOOL_SCHEMAS, type ToolName } from './tools.js';

/** What a tool call returns. */
export type ToolResponse = { ok: true; result: Record<string, unknown> } | { ok: false; error: ToolError };

/** An episode environment. */
export class EnvSession {
  private readonly s: EpisodeState;

  /**
   * @param spec the episode (see episodeSpec); @param pb the playbook (default PLAYBOOK).
   * @example const env = new EnvSession(episodeSpec('qwen3-8b.mask')); env.call('read_briefing', {});
   */
  constructor(spec: EpisodeSpec, pb: Playbook = PLAYBOOK) {
    const id = specEpisodeId(spec);
    this.s = {
      spec, episodeId: id, playbook: pb, briefing: briefingOf(spec, pb), plan: null, config: null, schedule: null, runs: [],
      evalArtifact: null, lastEval: null, registry: null, decision: null, cost: null, card: null, finished: false, tokens: null, calls: [], counted: 0,
    };
  }

  /** The episode id. */
  get episodeId(): string { return this.s.episodeId; }

  /** Whether `finish` was called. */
  get finished(): boolean { return this.s.finished; }

  /**
   * Calls a tool. Never throws on input.
   * @param name a tool name (TOOL_NAMES); @param args its arguments (validated here).
   */
  call(name: string, args: unknown): ToolResponse {
    const i = this.s.calls.length + 1;
    const r = this.dispatch(name, args ?? {});
    this.s.calls.push(r.ok ? { i, tool: name, args, ok: true } : { i, tool: name, args, ok: false, error: r.error.code });
    return r;
  }

  private dispatch(name: string, args: unknown): ToolResponse {
    if (!(TOOL_NAMES as string[]).includes(name)) return { ok: false, error: envErrors.unknownTool(name, TOOL_NAMES) };
    const tool = name as ToolName;
    if (this.s.finished) return { ok: false, error: envErrors.finished(tool) };
    if (tool !== 'finish') {
      if (this.s.counted >= this.s.spec.budgets.maxToolCalls) return { ok: false, error: envErrors.budgetExhausted(tool, this.s.spec.budgets.maxToolCalls) };
      this.s.counted++;
    }
    const parsed = TOOL_SCHEMAS[tool].safeParse(args);
    if (!parsed.success) return { ok: false, error: envErrors.invalidArgs(tool, parsed.error.issues.map((x) => `${x.path.join('.') || '(root)'}: ${x.message}`)) };
    return handle(this.s, tool, parsed.data as never);
  }

  /** The episode record so far (after `finish`: the final one). */
  record(): Episode {
    return episodeRecord(this.s);
  }

  /**
   * The telemetry (protocol v1 events) a job emitted so far, for `tbdl replay` or a monitor.
   * @param index 0-based launch index (default: the last job); [] when there is none.
   */
  telemetry(index?: number): readonly Record<string, unknown>[] {
    const run = index === undefined ? this.s.runs.at(-1) : this.s.runs[index];
    return run?.telemetry() ?? [];
  }

  /** The transcript: calls, errors, budgets, tokens. */
  transcript(): Transcript {
    return transcriptOf(this.s);
  }
}
