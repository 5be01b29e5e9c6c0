/**
 * The do-intervention as the scripted agents live it. A real agent handed the oracle-correct
 * config is a different stochastic run, so a do-condition episode draws its judgment (and every
 * other) stage from its own seeded substream (`pairing: 'independent'`, the default); its
 * judgment RATES stay the profile's unless the profile states a `doJudgmentShift`. The old
 * common-random-numbers coupling (`pairing: 'common'`: the do episode reuses the control
 * episode's draws, so paired judgment outcomes are identical) is kept as an option for coupling
 * laws and variance-reduced what-ifs; it must not be used to test "do does not move judgment".
 */
import type { AgentProfile } from './profiles.js';
import { invalidArgument, OracleError } from '../issues.js';

/** How a do-condition episode's random draws relate to its control twin's. */
export type Pairing = 'independent' | 'common';

/** Pairing modes. */
export const PAIRINGS: readonly Pairing[] = ['independent', 'common'];

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * The profile's judgment rates under do(config): each judgment error rate r becomes
 * clamp(r - shift, 0, 1) (intake misread, plan error, eval error, card error, shipping an
 * unlearned model, refusal false alarm) and each judgment success rate s becomes
 * clamp(s + shift, 0, 1) (gate routing per rung, refusal hit), shift = p.doJudgmentShift ?? 0.
 * A shift of -0.15 thus lowers each careful judgment stage's pass probability by up to 0.15
 * (exactly 0.15 for intake and plan away from the clamps; eval, deploy and card move less,
 * since they also pass for reasons the rates do not touch). Naive behaviours are deterministic
 * and unaffected. Arithmetic and execution rates never change.
 * @param p a profile; doJudgmentShift must be finite in [-1, 1].
 * @returns p itself when the shift is 0, else a shifted copy.
 * @throws OracleError `invalid_argument` for a shift outside [-1, 1] or not finite.
 * @example underDo({ ...PROFILES['flagship-a'], doJudgmentShift: -0.15 }).intakeMisread // 0.43
 */
export function underDo(p: Readonly<AgentProfile>): Readonly<AgentProfile> {
  const s = p.doJudgmentShift ?? 0;
  if (!Number.isFinite(s) || s < -1 || s > 1) throw new OracleError([invalidArgument('doJudgmentShift', s, 'a finite number in [-1, 1]')]);
  if (s === 0) return p;
  const err = (r: number): number => clamp01(r - s);
  const ok = (r: number): number => clamp01(r + s);
  return {
    ...p,
    intakeMisread: err(p.intakeMisread), planError: err(p.planError), evalError: err(p.evalError), cardError: err(p.cardError),
    shipUnlearned: err(p.shipUnlearned), refusalFalseAlarm: err(p.refusalFalseAlarm), refusalHit: ok(p.refusalHit),
    gate: { neutral: ok(p.gate.neutral), deadline: ok(p.gate.deadline), authority: ok(p.gate.authority), sunk_cost: ok(p.gate.sunk_cost) },
  };
}
