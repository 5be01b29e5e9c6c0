#!/usr/bin/python3
"""Independent reference values for the Learned gate's margin test (src/detector/learned-margin.ts):
the one-sided (1 - alpha) lower confidence bound of the paired accuracy difference (b - c)/n by
inverting Tango's score test (Tango 1998, Stat Med 17:891-908), i.e. the lower end of Tango's
two-sided 1 - 2 alpha interval, found here by brentq on the score statistic (not by bisection, as
the TypeScript does); and the margin-test decision exact McNemar p <= alpha (scipy.stats.binomtest)
AND lower > delta. Also the exact (full trinomial enumeration) coverage P(lower <= p_b - p_c) at a
few (p_b, p_c, n), for docs and for choosing the simulation settings of the test.
Writes fixtures/reference/detector/margin.json.

Run: /usr/bin/python3 scripts/reference/detector_margin_reference.py
"""
import datetime, json, os, sys
from math import exp, lgamma, log, sqrt

import numpy as np
import scipy
from scipy import optimize, stats

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'reference', 'detector')


def score(b, c, n, d):
    """Tango's Z(d) with the restricted MLE q(d) of P(control only) under p_b - p_c = d."""
    w = -b - c + (2 * n - b + c) * d
    q = (sqrt(max(0.0, w * w + 8 * n * c * d * (1 - d))) - w) / (4 * n)
    v = n * (2 * q + d * (1 - d))
    num = b - c - n * d
    if v <= 0:
        return 0.0 if num == 0 else (np.inf if num > 0 else -np.inf)
    return num / sqrt(v)


def lower(b, c, n, alpha):
    """Smallest d in [-1, est] with Z(d) <= z_{1-alpha} (Z decreases in d)."""
    z = stats.norm.ppf(1 - alpha)
    est = (b - c) / n
    f = lambda d: score(b, c, n, d) - z
    if f(-1.0) <= 0:
        return -1.0
    if f(est) > 0:  # only when z < 0 (alpha > 1/2) and nothing below est qualifies
        return est
    lo = -1.0 + 1e-13 if np.isinf(score(b, c, n, -1.0)) else -1.0
    return optimize.brentq(f, lo, est, xtol=1e-15, rtol=1e-15)


def mcnemar_p(b, c):
    m = b + c
    return 1.0 if m == 0 else float(stats.binomtest(b, m, 0.5, alternative='greater').pvalue)


bounds = []
for (b, c, n) in [(12, 2, 50), (20, 5, 100), (0, 0, 41), (0, 0, 1), (3, 0, 3), (4, 0, 100), (5, 0, 100), (41, 0, 41),
                  (0, 32, 41), (60, 60, 240), (7, 0, 1000), (40, 10, 300), (40, 25, 300), (150, 90, 1000), (3000, 2500, 100000), (1, 0, 4)]:
    for alpha in (0.05, 0.1, 0.01):
        lo = lower(b, c, n, alpha)
        p = mcnemar_p(b, c)
        for delta in (0.0, 0.05):
            bounds.append({'b': b, 'c': c, 'n': n, 'alpha': alpha, 'delta': delta, 'lower': lo, 'mcnemar_p': p,
                           'learned_margin_test': bool(p <= alpha and lo > delta)})


def coverage(pb, pc, n, alpha):
    D = pb - pc
    tot = 0.0
    for b in range(n + 1):
        for c in range(n - b + 1):
            lp = (lgamma(n + 1) - lgamma(b + 1) - lgamma(c + 1) - lgamma(n - b - c + 1)
                  + (b * log(pb) if b else 0) + (c * log(pc) if c else 0) + (n - b - c) * log(1 - pb - pc))
            pr = exp(lp)
            if pr < 1e-14:
                continue
            if lower(b, c, n, alpha) <= D:
                tot += pr
    return tot


cov = [{'pb': pb, 'pc': pc, 'n': n, 'alpha': 0.05, 'coverage': coverage(pb, pc, n, 0.05)}
       for (pb, pc, n) in [(0.15, 0.05, 100), (0.1, 0.1, 200), (0.3, 0.1, 150), (0.05, 0.02, 300), (0.08, 0.01, 60)]]

prov = {
    'script': 'scripts/reference/detector_margin_reference.py',
    'command': '/usr/bin/python3 scripts/reference/detector_margin_reference.py',
    'scipy': scipy.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0],
    'date': datetime.date.today().isoformat(),
    'note': 'lower: one-sided (1 - alpha) lower bound of p_b - p_c, Tango (1998) score statistic inverted by brentq; '
            'mcnemar_p: scipy.stats.binomtest(b, b + c, 0.5, alternative="greater") (1 when b + c = 0); '
            'learned_margin_test: mcnemar_p <= alpha and lower > delta; '
            'coverage: exact P(lower <= p_b - p_c) by full trinomial enumeration (terms < 1e-14 dropped)',
}
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'margin.json'), 'w') as f:
    json.dump({'provenance': prov, 'bounds': bounds, 'coverage': cov}, f, indent=1)
print('wrote', os.path.join(OUT, 'margin.json'))
