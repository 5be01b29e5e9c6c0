/**
 * src/stats public API, listed by name: the exact kernels both the detector and the analysis use,
 * one implementation each (no DuckDB, no I/O, no imports from other parts): special functions,
 * binomial probabilities in log space, the exact McNemar tail, Clopper-Pearson bounds, Tango's
 * paired-difference interval and the exact (Berger-Boos) test of a paired gain against a margin.
 */
export { logGamma, logBeta, logChoose, betaInc, betaQuantile, normalCdf, normalQuantile, studentTCdf } from './special.js';
export { stirlerr, bd0, logBinomPmf, binomCdf } from './binomial.js';
export { logAddExp, logBinomHalfUpper, mcnemarLogP } from './mcnemar.js';
export { clopperPearsonBounds, clopperPearsonUpperBound, clopperPearsonLowerBound } from './clopper-pearson.js';
export { tangoScore, tangoInterval } from './paired-diff.js';
export type { PairedCounts } from './paired-diff.js';
export { marginExactTest, EXACT_MARGIN_GAMMA_SHARE } from './margin-exact.js';
export type { MarginExactResult } from './margin-exact.js';
