/**
 * The mutable state of one episode, as the tool handlers leave it, and the transcript entry of a
 * tool call. Plain data; the session (./session.ts) owns it.
 */
import type { CardArtifact, ConfigArtifact, CostArtifact, DeployAction, EvalArtifact, Playbook, RegistryEntry, ScheduleArtifact } from '../oracle/index.js';
import type { Briefing } from './briefing.js';
import type { ClusterRun } from './cluster.js';
import type { EvalResult } from './evaluate.js';
import type { EpisodeSpec } from './spec.js';
import type { ToolArgs } from './tools.js';

/** One recorded tool call (the transcript). */
export interface CallRecord {
  i: number;
  tool: string;
  args: unknown;
  ok: boolean;
  error?: string;
}

/** Everything the agent has done so far. */
export interface EpisodeState {
  spec: EpisodeSpec;
  episodeId: string;
  playbook: Playbook;
  briefing: Briefing;
  plan: ToolArgs<'submit_plan'> | null;
  config: ConfigArtifact | null;
  schedule: ScheduleArtifact | null;
  runs: ClusterRun[];
  evalArtifact: EvalArtifact | null;
  lastEval: EvalResult | null;
  registry: RegistryEntry | null;
  decision: DeployAction | null;
  cost: CostArtifact | null;
  card: CardArtifact | null;
  finished: boolean;
  tokens: { in: number; out: number } | null;
  calls: CallRecord[];
  /** Calls accepted against the budget (every call but those refused for the budget itself). */
  counted: number;
}

/** The current (last launched) run, or null. */
export function currentRun(s: EpisodeState): ClusterRun | null {
  return s.runs.at(-1) ?? null;
}
