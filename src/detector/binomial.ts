/**
 * Binomial probabilities in log space (Loader's saddle-point form): moved to the src/stats layer
 * (one implementation); re-exported here by name for existing imports.
 */
export { stirlerr, bd0, logBinomPmf, binomCdf } from '../stats/binomial.js';
