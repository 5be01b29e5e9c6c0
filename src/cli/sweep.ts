/**
 * `tbdl sweep`: writes a seeded sweep of episodes as JSONL (one episode per line: ticket +
 * condition + artifacts + records), or the ticket catalogue as JSON files. By default every
 * episode is played by a policy through the environment (src/env); `--scripted` keeps the old
 * path, where each stage's outcome is drawn from the profile's rates (src/oracle/agents).
 * Exit codes: 0 ok, 2 usage error.
 */
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { argsErrorMessage, checkOutputPath, joinNegativeValues } from './args.js';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { buildCatalogue, generateSweep, profileByName, underDo, OracleError, PAIRINGS, PROFILES, type AgentProfile, type Episode, type Pairing } from '../oracle/index.js';
import { envSweep, policyByName, EnvError, type Policy, type Transcript } from '../env/index.js';

const HELP = `usage: tbdl sweep --out FILE.jsonl [--seeds N] [--seed S] [--agents a,b,...] [--do-shift NAME=X]... [--pairing independent|common] [--transcripts FILE] [--scripted]
       tbdl sweep --write-tickets DIR

Generates agents x tickets x seeds x conditions (injection off/on x 4 pressure rungs) episodes,
each played by a policy through the environment (tbdl env; docs/agents.md).
  --out FILE        output JSONL ('-' for stdout)
  --seeds N         replicates per cell (default 3)
  --seed S          first seed (default 1)
  --agents LIST     comma-separated profiles (default: configurator, flagship-a,
                    cheap-sonnet-like, cheap-gemini-like, cheap-gpt-mini-like)
  --do-shift NAME=X change agent NAME's judgment pass probability under do(config) by X in
                    [-1, 1] (default 0: judgment unchanged); repeatable
  --pairing MODE    independent (default): a do(config) episode is its own stochastic run;
                    common: it reuses the control episode's random draws (coupling studies only)
  --transcripts FILE  also write each episode's transcript (tool calls, runs, detector alarms) as JSONL
  --scripted        the old path: stage outcomes drawn from the profiles' rates, no environment
                    (the policies perfect and no-mask exist only in the environment)
  --write-tickets DIR  write the 20 catalogue tickets as DIR/<id>.json and exit
exit codes: 0 ok, 2 usage error`;

/** Runs `tbdl sweep`. */
export async function run(argv: string[]): Promise<number> {
  let v;
  try {
    v = parseArgs({ args: joinNegativeValues(argv, ['seeds', 'seed', 'do-shift']), options: {
      out: { type: 'string' }, seeds: { type: 'string' }, seed: { type: 'string' }, agents: { type: 'string' },
      'write-tickets': { type: 'string' }, 'do-shift': { type: 'string', multiple: true }, pairing: { type: 'string' },
      transcripts: { type: 'string' }, scripted: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    } }).values;
  } catch (err) {
    process.stderr.write(`tbdl sweep: ${argsErrorMessage('sweep', err)}\n${HELP}\n`);
    return 2;
  }
  if (v.help === true) { process.stdout.write(HELP + '\n'); return 0; }
  if (v['write-tickets'] !== undefined) {
    const dir = v['write-tickets'];
    mkdirSync(dir, { recursive: true });
    for (const t of buildCatalogue()) writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(t, null, 2) + '\n');
    process.stderr.write(`tbdl sweep: wrote ${buildCatalogue().length} tickets to ${dir}\n`);
    return 0;
  }
  if (v.out === undefined) { process.stderr.write(`tbdl sweep: --out is required\n${HELP}\n`); return 2; }
  const seeds = v.seeds === undefined ? 3 : Number(v.seeds);
  const seed = v.seed === undefined ? 1 : Number(v.seed);
  if (v.seeds !== undefined && (v.seeds.trim() === '' || !Number.isInteger(seeds) || seeds < 1)) { process.stderr.write(`tbdl sweep: invalid --seeds: ${JSON.stringify(v.seeds)} (expected an integer >= 1)\n`); return 2; }
  if (v.seed !== undefined && (v.seed.trim() === '' || !Number.isInteger(seed) || seed < 0)) { process.stderr.write(`tbdl sweep: invalid --seed: ${JSON.stringify(v.seed)} (expected an integer >= 0)\n`); return 2; }
  if (v.out !== '-') {
    const bad = checkOutputPath('--out', v.out, 'file');
    if (bad !== null) { process.stderr.write(`tbdl sweep: ${bad}\n`); return 2; }
    const parent = dirname(v.out);
    if (!existsSync(parent)) { process.stderr.write(`tbdl sweep: invalid --out: ${JSON.stringify(v.out)} (expected a file in an existing directory; ${parent} does not exist)\n`); return 2; }
  }
  const pairing = (v.pairing ?? 'independent') as Pairing;
  if (!PAIRINGS.includes(pairing)) { process.stderr.write(`tbdl sweep: invalid --pairing: ${v.pairing} (expected ${PAIRINGS.join(' or ')})\n`); return 2; }
  const shifts = new Map<string, number>();
  for (const s of v['do-shift'] ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(s);
    const x = m === null ? NaN : Number(m[2]);
    if (m === null || !Number.isFinite(x) || x < -1 || x > 1) { process.stderr.write(`tbdl sweep: invalid --do-shift: ${s} (expected NAME=X with X in [-1, 1])\n`); return 2; }
    shifts.set((m[1] as string).trim(), x);
  }
  try {
    const names = v.agents === undefined ? Object.keys(PROFILES) : v.agents.split(',').map((s) => s.trim());
    for (const n of shifts.keys()) if (!names.includes(n)) { process.stderr.write(`tbdl sweep: --do-shift names an agent not in the sweep: ${n}\n`); return 2; }
    const env = v.scripted !== true;
    if (!env && v.transcripts !== undefined) { process.stderr.write('tbdl sweep: --transcripts needs the environment (drop --scripted)\n'); return 2; }
    const extra = new Map<string, Policy>();
    if (env) for (const n of names) if (!(n in PROFILES)) extra.set(n, policyByName(n, { pairing }));
    const agents: AgentProfile[] = names.filter((n) => !extra.has(n)).map((n) => {
      const p = profileByName(n);
      const x = shifts.get(n);
      if (x === undefined) return p;
      const q = { ...p, doJudgmentShift: x };
      underDo(q); // validates
      return q;
    });
    const out = v.out === '-' ? process.stdout : createWriteStream(v.out);
    const tr = v.transcripts === undefined ? null : createWriteStream(v.transcripts);
    let n = 0;
    const write = async (e: Episode, t?: Transcript): Promise<void> => {
      if (!out.write(JSON.stringify(e) + '\n')) await once(out, 'drain');
      if (tr !== null && t !== undefined && !tr.write(JSON.stringify(t) + '\n')) await once(tr, 'drain');
      n++;
    };
    if (env) {
      const order = names.map((nm) => extra.get(nm) ?? agents.find((a) => a.name === nm) as AgentProfile);
      for await (const { episode, transcript } of envSweep({ seeds, seed, agents: order, pairing })) await write(episode, transcript);
    } else for (const e of generateSweep({ seeds, seed, agents, pairing })) await write(e);
    if (out !== process.stdout) { out.end(); await once(out, 'finish'); }
    if (tr !== null) { tr.end(); await once(tr, 'finish'); }
    process.stderr.write(`tbdl sweep: wrote ${n} episodes${v.out === '-' ? '' : ` to ${v.out}`}\n`);
    return 0;
  } catch (err) {
    if (err instanceof OracleError || err instanceof EnvError) { process.stderr.write(`tbdl sweep: ${err.message}\n`); return 2; }
    throw err;
  }
}
