/**
 * Shared by the benches: interleaved passes (task 1, task 2, ..., task 1, ...) so every task and
 * its reference see the same machine state, with wall and CPU seconds per pass. CPU seconds cover
 * every thread of this process (worker threads and DuckDB's included); on shared cores the wall
 * clock mostly measures the neighbours, CPU time what the work costs.
 */

/** The median (the upper one for an even count); NaN for no values. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] ?? Number.NaN;
};

/**
 * Runs `rounds` interleaved passes over `tasks`.
 * @returns per task name, the wall and CPU seconds of each pass.
 */
export async function interleaved(tasks: readonly (readonly [string, () => Promise<void>])[], rounds: number): Promise<{ wall: Map<string, number[]>; cpu: Map<string, number[]> }> {
  const wall = new Map<string, number[]>(tasks.map(([n]) => [n, []])), cpu = new Map<string, number[]>(tasks.map(([n]) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of tasks) {
      const c = process.cpuUsage(), t = performance.now();
      await fn();
      const u = process.cpuUsage(c);
      wall.get(name)!.push((performance.now() - t) / 1000);
      cpu.get(name)!.push((u.user + u.system) / 1e6);
    }
  }
  return { wall, cpu };
}
