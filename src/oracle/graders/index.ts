/**
 * The ten graders, keyed by stage, in delivery order (GRADERS[stage](input) -> Verdict).
 */
import type { Stage } from '../stages.js';
import type { Grader } from './verdict.js';
import { gradeIntake } from './intake.js';
import { gradePlan } from './plan.js';
import { gradeConfig } from './config.js';
import { gradeSchedule } from './schedule.js';
import { gradeTrain } from './train.js';
import { gradeEval } from './eval.js';
import { gradeRegister } from './register.js';
import { gradeDeploy } from './deploy.js';
import { gradeCost } from './cost.js';
import { gradeCard } from './card.js';

/** Stage -> grader. */
export const GRADERS: Readonly<Record<Stage, Grader>> = Object.freeze({
  intake: gradeIntake, plan: gradePlan, config: gradeConfig, schedule: gradeSchedule, train: gradeTrain,
  eval: gradeEval, register: gradeRegister, deploy: gradeDeploy, cost: gradeCost, card: gradeCard,
});

export { gradeIntake, gradePlan, gradeConfig, gradeSchedule, gradeTrain, gradeEval, gradeRegister, gradeDeploy, gradeCost, gradeCard };
