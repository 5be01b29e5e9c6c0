/**
 * Policies: agents that act through the tools. A policy reads what the environment shows and
 * calls tools; it never sees the ticket's hidden truth. The same policy runs in process (the
 * sweep), over MCP or over JSON lines, through a {@link ToolClient}.
 */
import type { Episode, Playbook } from '../oracle/index.js';
import type { Transcript } from './record.js';
import { EnvSession, type ToolResponse } from './session.js';
import type { EpisodeSpec } from './spec.js';
import type { ToolName } from './tools.js';

/** How a policy calls tools (in process, MCP or JSON lines). */
export interface ToolClient {
  call(name: ToolName, args: Record<string, unknown>): Promise<ToolResponse>;
}

/** What a policy knows besides the briefing: its replicate seed (its own randomness key). */
export interface PolicyContext {
  seed: number;
}

/** An agent acting through tools. */
export interface Policy {
  name: string;
  description: string;
  /** Plays one episode to `finish`. */
  act(client: ToolClient, ctx: PolicyContext): Promise<void>;
}

/** A client that calls an in-process session. */
export function sessionClient(env: EnvSession): ToolClient {
  return { call: (name, args) => Promise.resolve(env.call(name, args)) };
}

/**
 * Plays one episode of `policy` in process (`pb`: the playbook, default PLAYBOOK).
 * @returns the episode record (the oracle's schema) and the transcript.
 * @example const { episode } = await runPolicy(perfectPolicy(), episodeSpec('qwen3-8b.mask', { agent: 'perfect' }));
 */
export async function runPolicy(policy: Policy, spec: EpisodeSpec, pb?: Playbook): Promise<{ episode: Episode; transcript: Transcript }> {
  const env = pb === undefined ? new EnvSession(spec) : new EnvSession(spec, pb);
  await policy.act(sessionClient(env), { seed: spec.seed });
  if (!env.finished) env.call('finish', {});
  return { episode: env.record(), transcript: env.transcript() };
}
