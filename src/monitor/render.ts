/**
 * Human-mode rendering (pure): one status row per run, plain-text event lines and a progress
 * line. Untrusted strings (run ids, reasons) are made printable first: control characters, ANSI
 * escapes included, are shown as `\xNN`, so telemetry cannot move the cursor or recolour a terminal.
 */
import type { OutputLine } from '../telemetry/schema.js';

/** What the status view shows for one run. */
export interface RunStatus {
  run: string;
  /** Probe rounds applied. */
  rounds: number;
  step: number;
  plannedSteps: number;
  /** The alarm closest to its threshold: letter, log e-value, log threshold (null before round 1). */
  lead: { alarm: string; logE: number; threshold: number } | null;
  probeAccuracy: number | null;
  csLower: number | null;
  csUpper: number | null;
  baseAccuracy: number;
  usdSpent: number;
  /** USD still to be spent if the run continues to its planned end. */
  usdAtStake: number;
  alarms: string[];
  finished: boolean;
}

/** Escapes C0/C1 control characters and DEL as `\xNN` and cuts to `max` characters. */
export function printable(text: string, max = 64): string {
  // eslint-disable-next-line no-control-regex
  const s = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const num = (x: number | null, d = 3): string => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(d));
const usd = (x: number): string => `$${x.toFixed(2)}`;

/** Column header of {@link statusRow}. */
export const STATUS_HEADER = `${'run'.padEnd(28)} ${'round'.padStart(5)} ${'step'.padStart(11)}  ${'log e / thr'.padEnd(16)} ${'probe acc [CS]'.padEnd(22)} ${'base'.padStart(5)} ${'spent'.padStart(9)} ${'at stake'.padStart(9)}  state`;

/**
 * One fixed-width status row.
 * @example statusRow(st) // 'r1   12   120/300  A 1.20/3.91   0.281 [0.20,0.36] 0.328   $0.30   $0.45  ok'
 */
export function statusRow(s: RunStatus): string {
  const lead = s.lead === null ? '-' : `${s.lead.alarm} ${s.lead.logE.toFixed(2)}/${s.lead.threshold.toFixed(2)}`;
  const acc = s.probeAccuracy === null ? '-' : `${num(s.probeAccuracy)} [${num(s.csLower, 2)},${num(s.csUpper, 2)}]`;
  const state = s.alarms.length > 0 ? `ALARM ${s.alarms.join(',')}` : s.finished ? 'done' : 'ok';
  return `${printable(s.run, 28).padEnd(28)} ${String(s.rounds).padStart(5)} ${`${s.step}/${s.plannedSteps}`.padStart(11)}  ${lead.padEnd(16)} ${acc.padEnd(22)} ${num(s.baseAccuracy).padStart(5)} ${usd(s.usdSpent).padStart(9)} ${usd(s.usdAtStake).padStart(9)}  ${state}`;
}

/**
 * A monitor output line as one plain human sentence.
 * @example humanLine({type:'rejected', line: 17, reason: 'probe.items[3].model: expected boolean'})
 *   // 'rejected line 17: probe.items[3].model: expected boolean'
 */
export function humanLine(l: OutputLine): string {
  const run = typeof l.run === 'string' ? printable(l.run) : '';
  switch (l.type) {
    case 'alarm':
      return `ALARM ${run}: ${String(l.alarm)} at step ${String(l.step)} (log e ${Number(l.log_e).toFixed(2)} >= ${Number(l.threshold).toFixed(2)}; probe acc ${num(Number(l.probe_accuracy))} vs base ${num(Number(l.base_accuracy))}; stopping now saves ${usd(Number(l.usd_saved))})`;
    case 'verdict':
      return `verdict ${run}: ${l.tbdl === true ? 'TBDL' : l.tbdl === false ? 'not TBDL' : l.learned_reason === 'no_probe_data' ? 'learning not measured (no probe data)' : 'undecided'} (train_pass ${String(l.train_pass)}, learned ${String(l.learned)}, alarm ${l.alarm === null ? 'none' : `${String(l.alarm)} at step ${String(l.alarm_step)}`})`;
    case 'rejected':
      return `rejected ${typeof l.file === 'string' ? `${printable(l.file, 200)}:` : 'line '}${String(l.line)}: ${printable(String(l.reason), 300)}`;
    default:
      return `${printable(l.type, 32)} ${run}: ${printable(String(l.message ?? l.code ?? ''), 300)}`;
  }
}

/** Progress of a replay: `12.3 MB / 40.0 MB (31%)`. */
export function progressText(bytesRead: number, totalBytes: number, lines: number): string {
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const pct = totalBytes > 0 ? Math.min(100, Math.floor((100 * bytesRead) / totalBytes)) : 0;
  return `read ${mb(bytesRead)} / ${mb(totalBytes)} (${pct}%), ${lines} lines`;
}
