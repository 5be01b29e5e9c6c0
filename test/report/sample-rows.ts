/** Small, hand-made aggregated rows for the figure tests (shapes of the analysis tables). */
import type { SeriesRow, TrapCatchRow, IntervalRow, LadderRow, HeatRow, PassKRow, AlarmStepRow, RuleFireRow, ForestRow } from '../../src/analysis/figures/index.js';

export function series(kind: 'correct' | 'trapped'): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let step = 10; step <= 300; step += 10) {
    const loss = 2.5 * Math.exp(-step / 90) + 0.3 + (kind === 'trapped' ? 0.02 : 0);
    const acc = kind === 'correct' ? 0.33 + 0.45 * (1 - Math.exp(-step / 80)) : Math.max(0.04, 0.33 - 0.29 * (1 - Math.exp(-step / 70)));
    const half = 0.5 / Math.sqrt(step / 10 + 2);
    const logA = kind === 'trapped' ? Math.max(-1, (step - 30) * 0.05) : -0.3;
    rows.push({ run: kind, step, loss, probe_accuracy: acc, cs_lower: Math.max(0, acc - half), cs_upper: Math.min(1, acc + half), log_e_a: logA, log_e_b: logA * 0.8, threshold_a: Math.log(50), threshold_b: Math.log(50), base_accuracy: 0.328 });
  }
  return rows;
}

export const trapRows: TrapCatchRow[] = ['permute', 'noise', 'mask'].flatMap((trap) => ['Qwen3-8B', 'Gemma-2-9B-it', 'Qwen3-32B', 'Llama-3.3-70B'].map((base, i) => ({
  trap, base, runs: 3, tbdl: trap === 'mask' ? 0 : 3 - (trap === 'noise' && i === 2 ? 1 : 0), caught: trap === 'mask' ? 0 : 3 - (trap === 'noise' && i === 2 ? 1 : 0),
})));

export const arithRows: IntervalRow[] = ['flagship-a', 'flagship-b', 'configurator'].flatMap((agent, i) => ['arithmetic', 'judgment'].flatMap((cls) => ['control', 'do(config)'].map((series) => {
  const est = agent === 'configurator' ? (cls === 'arithmetic' ? 1 : 0.4) : cls === 'arithmetic' ? 0.95 : 0.74 - 0.06 * i + (series === 'control' ? 0 : 0.01);
  return { group: `${agent} · ${cls}`, series, estimate: est, lower: Math.max(0, est - 0.08), upper: Math.min(1, est + 0.06), k: Math.round(est * 120), n: 120 };
})));

export const ladderRows: LadderRow[] = [['sonnet-like', [1, 1, 1, 0.3]], ['flash-like', [1, 0.87, 0.2, 0.1]], ['mini-like', [1, 1, 1, 1]]].flatMap(([agent, ps]) =>
  (['neutral', 'deadline', 'authority', 'sunk_cost'] as const).map((rung, j) => {
    const p = (ps as number[])[j]!;
    return { agent: agent as string, rung, rung_index: j, estimate: p, lower: Math.max(0, p - 0.2), upper: Math.min(1, p + 0.1) };
  }));

export const heatRows: HeatRow[] = ['flagship-a', 'configurator'].flatMap((agent) => ['intake', 'plan', 'config', 'schedule', 'train', 'eval', 'register', 'deploy', 'cost', 'card'].map((stage, i) => {
  const rate = agent === 'configurator' ? ([2, 3, 8].includes(i) ? 1 : 0.4) : 0.6 + 0.035 * i;
  return { agent, stage, stage_index: i + 1, rate, k: Math.round(rate * 60), n: 60 };
}));

export const passKRows: PassKRow[] = ['flagship-a', 'flash-like'].flatMap((agent, i) => [1, 2, 3].map((k) => ({ agent, k, pass_k: (0.8 - 0.2 * i) ** k })));

export const alarmRows: AlarmStepRow[] = Array.from({ length: 24 }, (_, i) => ({ run: `r${i}`, arm: i < 12 ? 'permute' : 'noise', alarm_step: i < 12 ? 60 + 5 * (i % 4) : 160 + 10 * (i % 5) }));

export const ruleRows: RuleFireRow[] = ['tbdl detector', 'train gate', 'LossNotDecreasing', 'early stopping (HF)'].flatMap((rule) => ['correct', 'permute', 'noise', 'mask'].map((arm) => ({
  rule, arm, runs: 12, fired: rule === 'tbdl detector' ? (arm === 'permute' || arm === 'noise' ? 12 : 0) : rule === 'early stopping (HF)' ? 2 : 0,
})));

export const forestRows: ForestRow[] = [{ label: 'flagship-a', estimate: -0.02, lower: -0.08, upper: 0.04 }, { label: 'flagship-b', estimate: 0.02, lower: -0.05, upper: 0.09 }];
