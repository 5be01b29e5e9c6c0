/**
 * The built-in policies by name: the five scripted profiles of the oracle (configurator,
 * flagship-a, cheap-sonnet-like, cheap-gemini-like, cheap-gpt-mini-like), `perfect` (no errors,
 * always through the gate, refuses exactly what is infeasible) and `no-mask` (perfect except that
 * it never applies the loss mask).
 */
import { PERFECT_PROFILE, PROFILES, type Pairing } from '../../oracle/index.js';
import { envErrors } from '../errors.js';
import type { Policy } from '../policy.js';
import { profiledPolicy } from './profiled.js';

/** Names of the sweep's default policies (the oracle's profiles). */
export const DEFAULT_POLICY_NAMES: readonly string[] = Object.freeze(Object.keys(PROFILES));
/** Every built-in policy name. */
export const POLICY_NAMES: readonly string[] = Object.freeze([...DEFAULT_POLICY_NAMES, 'perfect', 'no-mask']);

/** The oracle-perfect policy. */
export function perfectPolicy(): Policy {
  return profiledPolicy(PERFECT_PROFILE);
}

/**
 * A built-in policy by name.
 * @throws EnvError `unknown_policy` for a name not in POLICY_NAMES.
 */
export function policyByName(name: string, o: { pairing?: Pairing } = {}): Policy {
  if (name === 'perfect') return profiledPolicy(PERFECT_PROFILE, o);
  if (name === 'no-mask') return profiledPolicy(PERFECT_PROFILE, { ...o, neverMask: true, name: 'no-mask' });
  const p = PROFILES[name];
  if (p === undefined) throw envErrors.unknownPolicy(name, POLICY_NAMES);
  return profiledPolicy(p, o);
}

export { profiledPolicy } from './profiled.js';
export type { ProfiledOptions } from './profiled.js';
