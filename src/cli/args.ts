/**
 * Small argv helpers shared by the CLI verbs (node:util parseArgs around them): negative numbers
 * as option values, parseArgs errors in the house voice, and output paths checked before work.
 */
import { checkOutputPath, joinNegativeValues } from '../monitor/cli-options.js';

export { checkOutputPath, joinNegativeValues };

/**
 * A parseArgs failure in the house voice: `unknown option '--x' (expected one of the options in
 * tbdl VERB --help)` or `missing value for '--x' (expected --x VALUE)`.
 * @param verb the CLI verb, for the help hint
 * @param err what parseArgs threw
 * @returns one line, no stack
 */
export function argsErrorMessage(verb: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string } | null)?.code;
  const opt = /'(-[^']*)'/.exec(msg)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${opt}' (expected one of the options in tbdl ${verb} --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (msg.includes('argument missing') || msg.includes('ambiguous')) return `missing value for '${opt.split(' ')[0]}' (expected ${opt.split(' ')[0]} VALUE)`;
    return `invalid option value: ${msg.split('\n')[0]}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument (expected no positional arguments): ${msg.split('\n')[0]}`;
  return msg.split('\n')[0] ?? msg;
}
