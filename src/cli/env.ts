/**
 * `tbdl env`: the ticket as an environment.
 *   tbdl env serve --ticket ID [...]        one episode over MCP (stdio), or JSON lines with --jsonl
 *   tbdl env run --policy NAME --ticket ID  one episode of a built-in policy, in process
 *   tbdl env list                           tickets and policies
 *   tbdl env prompt                         the benchmark's system prompt
 * The episode record (one JSON line, the oracle's episode schema: `tbdl score` reads it) goes to
 * --record, the transcript (tool calls, errors, budgets, tokens, runs) to --transcript.
 * Exit codes: 0 ok, 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { argsErrorMessage } from './args.js';
import { buildCatalogue, PRESSURES, type Pressure } from '../oracle/index.js';
import { EnvError, EnvSession, episodeSpec, policyByName, runPolicy, POLICY_NAMES, type EpisodeSpec } from '../env/index.js';
import { SYSTEM_PROMPT } from '../env/prompt.js';
import { JsonlServer } from '../env/jsonl.js';

const HELP = `usage: tbdl env serve --ticket ID [--jsonl] [episode options] [--record FILE] [--transcript FILE]
       tbdl env run --policy NAME --ticket ID [episode options] [--record FILE] [--transcript FILE]
       tbdl env list | tbdl env prompt

One episode = (ticket, condition, seed). serve speaks MCP on stdio (or JSON lines with --jsonl;
docs/agents.md) and ends when the client closes stdin; run plays a built-in policy in process.
episode options:
  --ticket ID           a catalogue ticket (tbdl env list)
  --seed N              replicate seed (default 1)
  --injection           hand over the configurator's config as a colleague's message
  --pressure RUNG       neutral (default) | deadline | authority | sunk_cost
  --agent NAME          agent name in the episode record (default: external, or the policy's)
  --max-tool-calls N    tool-call budget (default 100)
  --max-tokens N        token budget, as the harness reports it at finish (default 200000)
output:
  --record FILE         write the episode record (one JSON line) at finish (run: default stdout)
  --transcript FILE     write the transcript (JSON) at finish
exit codes: 0 ok, 2 usage error`;

const OPTIONS = {
  ticket: { type: 'string' }, seed: { type: 'string' }, injection: { type: 'boolean' }, pressure: { type: 'string' },
  agent: { type: 'string' }, 'max-tool-calls': { type: 'string' }, 'max-tokens': { type: 'string' }, jsonl: { type: 'boolean' },
  record: { type: 'string' }, transcript: { type: 'string' }, policy: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function intOpt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n)) throw new EnvError('invalid_spec', `invalid --${name}: ${JSON.stringify(v)} (expected an integer)`);
  return n;
}

function specOf(v: Values, agent: string): EpisodeSpec {
  if (v.ticket === undefined) throw new EnvError('invalid_spec', '--ticket is required (tbdl env list shows the tickets)');
  if (v.pressure !== undefined && !(PRESSURES as readonly string[]).includes(v.pressure)) throw new EnvError('invalid_spec', `invalid --pressure: ${JSON.stringify(v.pressure)} (expected ${PRESSURES.join(' | ')})`);
  const budgets: { maxToolCalls?: number; maxTokens?: number } = {};
  const calls = intOpt(v['max-tool-calls'], 'max-tool-calls');
  const tokens = intOpt(v['max-tokens'], 'max-tokens');
  if (calls !== undefined) budgets.maxToolCalls = calls;
  if (tokens !== undefined) budgets.maxTokens = tokens;
  const seed = intOpt(v.seed, 'seed');
  return episodeSpec(v.ticket, { injection: v.injection === true, pressure: (v.pressure ?? 'neutral') as Pressure, agent: v.agent ?? agent, budgets, ...(seed === undefined ? {} : { seed }) });
}

function writeOutputs(env: EnvSession, v: Values): void {
  if (v.record !== undefined) writeFileSync(v.record, JSON.stringify(env.record()) + '\n');
  if (v.transcript !== undefined) writeFileSync(v.transcript, JSON.stringify(env.transcript(), null, 2) + '\n');
}

async function serveJsonl(env: EnvSession, v: Values): Promise<void> {
  const server = new JsonlServer(env, () => writeOutputs(env, v));
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    const out = server.handle(line, ++n);
    if (out !== null) process.stdout.write(out + '\n');
  }
}

async function serveMcp(env: EnvSession, v: Values): Promise<void> {
  const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([import('../env/mcp.js'), import('@modelcontextprotocol/sdk/server/stdio.js')]);
  const server = createMcpServer(env, () => writeOutputs(env, v));
  const closed = new Promise<void>((resolve) => { server.onclose = () => resolve(); process.stdin.once('end', () => resolve()); });
  await server.connect(new StdioServerTransport());
  await closed;
}

/** Runs `tbdl env`. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`tbdl env: ${argsErrorMessage('env', err)}\n${HELP}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const sub = positionals[0];
  if (v.help === true || sub === undefined) { process.stdout.write(HELP + '\n'); return sub === undefined && v.help !== true ? 2 : 0; }
  try {
    if (sub === 'list') {
      process.stdout.write(`tickets:\n${buildCatalogue().map((t) => `  ${t.id}`).join('\n')}\npolicies:\n${POLICY_NAMES.map((p) => `  ${p}`).join('\n')}\n`);
      return 0;
    }
    if (sub === 'prompt') { process.stdout.write(SYSTEM_PROMPT + '\n'); return 0; }
    if (sub === 'run') {
      if (v.policy === undefined) throw new EnvError('invalid_spec', `--policy is required (expected one of ${POLICY_NAMES.join(', ')})`);
      const policy = policyByName(v.policy);
      const { episode, transcript } = await runPolicy(policy, specOf(v, policy.name));
      if (v.record === undefined) process.stdout.write(JSON.stringify(episode) + '\n');
      else writeFileSync(v.record, JSON.stringify(episode) + '\n');
      if (v.transcript !== undefined) writeFileSync(v.transcript, JSON.stringify(transcript, null, 2) + '\n');
      return 0;
    }
    if (sub === 'serve') {
      const env = new EnvSession(specOf(v, 'external'));
      if (v.jsonl === true) await serveJsonl(env, v);
      else await serveMcp(env, v);
      if (!env.finished) process.stderr.write('tbdl env: the client closed the session before finish (no record written)\n');
      return 0;
    }
    process.stderr.write(`tbdl env: unknown subcommand '${sub}' (expected serve, run, list or prompt)\n${HELP}\n`);
    return 2;
  } catch (err) {
    if (err instanceof EnvError) { process.stderr.write(`tbdl env: ${err.message}\n`); return 2; }
    throw err;
  }
}
