#!/usr/bin/python3
"""Independent reference values for the kernels added to src/analysis after the notebook review:
Tango's paired-difference score interval (1998; and Newcombe's 1998 method 10 for comparison), Clopper-Pearson at an effective
sample size (Korn and Graubard 1998), computed with scipy. Writes
fixtures/reference/analysis/paired.json.

Run: /usr/bin/python3 scripts/reference/analysis_paired_reference.py
"""
import datetime, json, os, sys
from math import sqrt

import numpy as np
import scipy
from scipy import optimize, stats

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'reference', 'analysis')


def wilson_by_root(k, n, alpha):
    """Wilson score limits as the roots of (p_hat - p)^2 = z^2 p (1 - p) / n (brentq, not the closed form)."""
    z = stats.norm.ppf(1 - alpha / 2)
    ph = k / n
    f = lambda p: (ph - p) ** 2 - z * z * p * (1 - p) / n
    # f(ph) < 0 inside (0, 1); at k = 0 (k = n) p = ph is itself a root, so bracket just beside it
    lo = 0.0 if k == 0 else optimize.brentq(f, 0.0, ph - 1e-12 if k == n else ph, xtol=1e-15)
    hi = 1.0 if k == n else optimize.brentq(f, ph + 1e-12 if k == 0 else ph, 1.0, xtol=1e-15)
    return lo, hi


def newcombe10(a, b, c, d, alpha):
    n = a + b + c + d
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_by_root(a + b, n, alpha)
    l2, u2 = wilson_by_root(a + c, n, alpha)
    den = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / sqrt(den) if den > 0 else 0.0
    est = p1 - p2
    lo = est - sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    hi = est + sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return est, max(-1.0, lo), min(1.0, hi)


paired = []
for (a, b, c, d) in [(10, 20, 5, 65), (36, 12, 2, 0), (0, 0, 0, 41), (41, 0, 0, 0), (0, 3, 38, 0), (5, 0, 0, 5), (120, 29, 28, 63), (3, 1, 0, 0), (0, 41, 0, 0)]:
    for alpha in (0.05, 0.1):
        est, lo, hi = newcombe10(a, b, c, d, alpha)
        paired.append({'a': a, 'b': b, 'c': c, 'd': d, 'alpha': alpha, 'estimate': est, 'lower': lo, 'upper': hi})

effective = []
for p, n_eff, alpha in [(1.0, 41, 0.05), (0.0, 36, 0.05), (0.25, 12, 0.05), (0.7, 37.3, 0.05), (0.95, 80.5, 0.1), (0.02, 250.0, 0.05)]:
    x = p * n_eff
    lo = 0.0 if p == 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    hi = 1.0 if p == 1 else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    effective.append({'p': p, 'nEff': n_eff, 'alpha': alpha, 'lower': lo, 'upper': hi})

def tango(b, c, n, alpha):
    """Tango (1998) score interval: roots of Z(d) = +-z by brentq on the score statistic."""
    z = stats.norm.ppf(1 - alpha / 2)

    def score(d):
        w = -b - c + (2 * n - b + c) * d
        q = (sqrt(max(0.0, w * w + 8 * n * c * d * (1 - d))) - w) / (4 * n)
        v = n * (2 * q + d * (1 - d))
        num = b - c - n * d
        if v <= 0:
            return 0.0 if num == 0 else (np.inf if num > 0 else -np.inf)
        return num / sqrt(v)

    est = (b - c) / n
    lo = -1.0 if score(-1.0) <= z else optimize.brentq(lambda d: score(d) - z, -1.0 + 1e-13 if np.isinf(score(-1.0)) else -1.0, est, xtol=1e-14)
    hi = 1.0 if score(1.0) >= -z else optimize.brentq(lambda d: score(d) + z, est, 1.0 - 1e-13 if np.isinf(score(1.0)) else 1.0, xtol=1e-14)
    return est, lo, hi


tangos = []
for (b, c, n) in [(12, 2, 50), (20, 5, 100), (0, 0, 41), (0, 0, 10), (3, 38, 41), (29, 28, 240), (1, 0, 4), (41, 0, 41), (0, 32, 41), (60, 60, 240), (7, 0, 1000)]:
    for alpha in (0.05, 0.1):
        est, lo, hi = tango(b, c, n, alpha)
        tangos.append({'b': b, 'c': c, 'n': n, 'alpha': alpha, 'estimate': est, 'lower': lo, 'upper': hi})

prov = {
    'script': 'scripts/reference/analysis_paired_reference.py',
    'command': '/usr/bin/python3 scripts/reference/analysis_paired_reference.py',
    'scipy': scipy.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0],
    'date': datetime.date.today().isoformat(),
    'note': 'tango: Tango (1998) score interval, roots of the score statistic by brentq; newcombe (comparison only): Newcombe (1998) method 10 with Wilson limits found by root finding (brentq); '
            'effective: Clopper-Pearson beta quantiles at x = p n_eff, n = n_eff (Korn and Graubard 1998), scipy.stats.beta.ppf',
}
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'paired.json'), 'w') as f:
    json.dump({'provenance': prov, 'tango': tangos, 'newcombe': paired, 'effective': effective}, f, indent=1)
print('wrote', os.path.join(OUT, 'paired.json'))
