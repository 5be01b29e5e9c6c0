/**
 * The ten governed stages of a delivery (mission.md, oracle.md), in order, with their class as
 * data: `judgment` stages are surfaced only by the delivery-level oracle, `arithmetic` stages are
 * certified by the deterministic configurator, `execution` stages are read from the run's records.
 */

/** A stage name, in delivery order. */
export type Stage =
  | 'intake' | 'plan' | 'config' | 'schedule' | 'train'
  | 'eval' | 'register' | 'deploy' | 'cost' | 'card';

/** A stage's class. */
export type StageClass = 'judgment' | 'arithmetic' | 'execution';

/** The stages in delivery order (stage_index = position + 1). */
export const STAGES: readonly Stage[] = Object.freeze([
  'intake', 'plan', 'config', 'schedule', 'train', 'eval', 'register', 'deploy', 'cost', 'card',
] as const);

/**
 * The class of every stage (oracle.md's stage table).
 * @example STAGE_CLASS.deploy // 'judgment'
 */
export const STAGE_CLASS: Readonly<Record<Stage, StageClass>> = Object.freeze({
  intake: 'judgment', plan: 'judgment', config: 'arithmetic', schedule: 'arithmetic',
  train: 'execution', eval: 'judgment', register: 'execution', deploy: 'judgment',
  cost: 'arithmetic', card: 'judgment',
});

/** 1-based position of a stage (the `stage_index` column of stage_results). */
export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage) + 1;
}
