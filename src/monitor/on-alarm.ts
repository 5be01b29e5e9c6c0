/**
 * `--on-alarm CMD`: runs the operator's command when an alarm fires. CMD is the operator's own
 * text and runs as `/bin/sh -c CMD`; telemetry never enters the command string. The run id, the
 * alarm, the step and the USD saved travel only in the environment (TBDL_RUN, TBDL_ALARM,
 * TBDL_STEP, TBDL_USD_SAVED), so a run id such as `$(touch pwned)` is data, not code
 * (as long as the operator quotes "$TBDL_RUN", which a shell expands without re-parsing).
 */
import { spawn } from 'node:child_process';
import type { AlarmLine } from '../telemetry/schema.js';
import { envSafe } from './safe-name.js';

/** The outcome of one `--on-alarm` command. */
export type CommandResult =
  | { status: 'exited'; code: number | null; signal: string | null; stderr: string }
  | { status: 'timeout'; stderr: string }
  | { status: 'spawn_error'; message: string };

/** The environment given to the command: the base environment plus the TBDL_* variables. */
export function alarmEnv(alarm: AlarmLine, baseEnv: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
  env.TBDL_RUN = envSafe(alarm.run);
  env.TBDL_ALARM = envSafe(String(alarm.alarm));
  env.TBDL_STEP = String(alarm.step);
  env.TBDL_USD_SAVED = String(alarm.usd_saved);
  return env;
}

/**
 * Runs `/bin/sh -c cmd` with the alarm in the environment; never rejects.
 * @param cmd the operator's command (from the CLI, never from telemetry).
 * @param alarm the alarm line. @param baseEnv the environment to extend (the CLI passes process.env).
 * @param timeoutMs kill the command (SIGTERM) after this many ms (default 60 000).
 * @example await runAlarmCommand('scancel "$SLURM_JOB_ID"', alarm, process.env);
 */
export function runAlarmCommand(
  cmd: string, alarm: AlarmLine, baseEnv: Record<string, string | undefined>, timeoutMs = 60_000,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    let child;
    try {
      child = spawn('/bin/sh', ['-c', cmd], { env: alarmEnv(alarm, baseEnv), stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      resolve({ status: 'spawn_error', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); }, timeoutMs);
    child.stderr?.on('data', (b: Buffer) => { if (stderr.length < 4096) stderr += b.toString('utf8'); });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status: 'spawn_error', message: err.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(timedOut ? { status: 'timeout', stderr } : { status: 'exited', code, signal, stderr });
    });
  });
}
