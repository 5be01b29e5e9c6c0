/**
 * Special functions (log-gamma, incomplete beta and its quantile, normal and Student t): moved to
 * the src/stats layer (one implementation, below both the analysis and the detector); re-exported
 * here by name so that existing imports keep working.
 */
export { logGamma, logBeta, logChoose, betaInc, betaQuantile, normalCdf, normalQuantile, studentTCdf } from '../stats/special.js';
