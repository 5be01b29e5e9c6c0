#!/usr/bin/python3
"""Independent reference values for tbdl's analysis kernels (src/analysis), computed with
scipy/numpy and exact rationals (fractions). Writes fixtures/reference/analysis/*.json.

Run: /usr/bin/python3 scripts/reference/analysis_reference.py
"""
import datetime, json, os, sys
from fractions import Fraction
from math import comb, log

import numpy as np
import scipy
from scipy import optimize, special, stats

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'reference', 'analysis')
PROV = {
    'script': 'scripts/reference/analysis_reference.py',
    'command': '/usr/bin/python3 scripts/reference/analysis_reference.py',
    'scipy': scipy.__version__,
    'numpy': np.__version__,
    'python': sys.version.split()[0],
    'date': datetime.date.today().isoformat(),
}


def dump(name, cases, note):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump({'provenance': {**PROV, 'note': note}, 'cases': cases}, f, indent=1)


# special functions
sp = []
for x, a, b in [(0.3, 2, 5), (0.5, 2, 2), (0.01, 0.5, 30.5), (0.9, 40, 3), (0.2, 1, 36), (0.7, 300.5, 120.5)]:
    sp.append({'fn': 'betaInc', 'args': [x, a, b], 'value': float(special.betainc(a, b, x))})
for p, a, b in [(0.975, 1, 36), (0.025, 3, 10), (0.5, 0.5, 0.5), (0.995, 50.5, 950.5), (0.05, 999, 2)]:
    sp.append({'fn': 'betaQuantile', 'args': [p, a, b], 'value': float(stats.beta.ppf(p, a, b))})
for p in [1e-10, 0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999999]:
    sp.append({'fn': 'normalQuantile', 'args': [p], 'value': float(stats.norm.ppf(p))})
for z in [-8, -3, -1.5, 0, 0.3, 1.96, 4]:
    sp.append({'fn': 'normalCdf', 'args': [z], 'value': float(stats.norm.cdf(z))})
for t, df in [(2.0, 10), (-1.3, 3), (0.5, 1), (3.5, 40)]:
    sp.append({'fn': 'studentTCdf', 'args': [t, df], 'value': float(stats.t.cdf(t, df))})
for x in [0.5, 1, 5, 10.5, 171.3, 1e5]:
    sp.append({'fn': 'logGamma', 'args': [x], 'value': float(special.gammaln(x))})
dump('special', sp, 'scipy.special.betainc, scipy.stats.beta.ppf/norm/t, scipy.special.gammaln')

# intervals
iv = []
for k, n in [(0, 36), (36, 36), (3, 12), (8, 10), (50, 100), (1, 1000), (999, 1000), (17, 29), (0, 1), (1, 1), (11, 12), (123, 456)]:
    for alpha in [0.05, 0.1]:
        z = stats.norm.ppf(1 - alpha / 2)
        p = k / n
        centre = (k + z * z / 2) / (n + z * z)
        half = z * np.sqrt(k * (n - k) / n + z * z / 4) / (n + z * z)
        cp_lo = 0.0 if k == 0 else stats.beta.ppf(alpha / 2, k, n - k + 1)
        cp_hi = 1.0 if k == n else stats.beta.ppf(1 - alpha / 2, k + 1, n - k)
        j_lo = 0.0 if k == 0 else stats.beta.ppf(alpha / 2, k + 0.5, n - k + 0.5)
        j_hi = 1.0 if k == n else stats.beta.ppf(1 - alpha / 2, k + 0.5, n - k + 0.5)
        iv.append({'k': k, 'n': n, 'alpha': alpha,
                   'wilson': [0.0 if k == 0 else float(centre - half), 1.0 if k == n else float(centre + half)],
                   'clopperPearson': [float(cp_lo), float(cp_hi)],
                   'jeffreys': [float(j_lo), float(j_hi)],
                   'cpUpperOneSided': 1.0 if k == n else float(stats.beta.ppf(1 - alpha, k + 1, n - k))})
dump('intervals', iv, 'Wilson by its closed form with scipy norm.ppf; Clopper-Pearson and Jeffreys by scipy beta.ppf')


# McNemar exact: rationals and scipy
def tail_ge(b, m):
    return Fraction(sum(comb(m, i) for i in range(b, m + 1)), 2 ** m)


mc = []
for b, c in [(9, 1), (1, 9), (0, 0), (5, 5), (3, 90), (90, 3), (12, 4), (0, 7), (20, 21), (1, 0)]:
    m = b + c
    ge, le = tail_ge(b, m), tail_ge(c, m)
    eq = Fraction(comb(m, b), 2 ** m)
    mid_g = ge - eq / 2
    mid_l = le - eq / 2
    two = min(Fraction(1), 2 * min(ge, le))
    mid_two = min(Fraction(1), 2 * min(mid_g, mid_l))
    sc = stats.binomtest(b, m, 0.5, alternative='greater').pvalue if m > 0 else 1.0
    sc2 = stats.binomtest(b, m, 0.5, alternative='two-sided').pvalue if m > 0 else 1.0
    mc.append({'b': b, 'c': c,
               'greater': {'num': str(ge.numerator), 'den': str(ge.denominator), 'value': float(ge), 'scipy': float(sc)},
               'less': float(le), 'twoSided': float(two), 'scipyTwoSided': float(sc2),
               'midGreater': float(mid_g), 'midTwoSided': float(mid_two),
               'tailGeRational': {'num': str(ge.numerator), 'den': str(ge.denominator)}})
large = []
for b, c in [(31000, 30000), (5000, 0), (0, 5000), (100000, 99000), (400, 600)]:
    m = b + c
    # exact big-integer tails: log(sum C(m,i)) - m log 2 (math.log accepts big ints)
    row = 1
    ge = le = 0
    for i in range(m + 1):
        if i >= b:
            ge += row
        if i <= b:
            le += row
        row = row * (m - i) // (i + 1)
    lg, ll = log(ge) - m * log(2), log(le) - m * log(2)
    sg = float(stats.binom.logsf(b - 1, m, 0.5)) if b > 0 else 0.0
    large.append({'b': b, 'c': c, 'logGreater': lg, 'logLess': ll,
                  'scipyLogGreater': sg if np.isfinite(sg) else None})
dump('mcnemar', {'small': mc, 'large': large}, 'exact rationals sum C(m,i)/2^m (fractions); scipy.stats.binomtest; log tails by scipy binom.logsf/logcdf')

# TOST paired proportions
to = []
for b, c, n, eps, alpha in [(5, 6, 200, 0.1, 0.05), (20, 5, 100, 0.1, 0.05), (0, 0, 50, 0.05, 0.05), (30, 28, 120, 0.05, 0.05), (12, 30, 300, 0.08, 0.025)]:
    ba, ca, na = b + 0.5, c + 0.5, n + 1
    se = np.sqrt(ba + ca - (ba - ca) ** 2 / na) / na
    d = (b - c) / n
    p1 = stats.norm.sf((d + eps) / se)
    p2 = stats.norm.sf((eps - d) / se)
    z = stats.norm.ppf(1 - alpha)
    to.append({'b': b, 'c': c, 'n': n, 'epsilon': eps, 'alpha': alpha, 'estimate': d, 'se': float(se),
               'pLower': float(p1), 'pUpper': float(p2), 'p': float(max(p1, p2)), 'equivalent': bool(max(p1, p2) < alpha),
               'lower': float(d - z * se), 'upper': float(d + z * se)})
dump('tost', to, 'two one-sided z tests, Agresti-Min adjusted Wald SE, scipy norm')

# Cluster-robust (CR1) by matrix sandwich
rng = np.random.default_rng(20261130)
G = 25
cl = np.repeat(np.arange(G), rng.integers(2, 8, size=G))
u = rng.normal(size=G)[cl]
x = rng.integers(0, 4, size=cl.size).astype(float)
y = ((0.8 - 0.1 * x + 0.6 * u + rng.normal(size=cl.size)) > 0.3).astype(float)


def cr1(X, y, cl):
    N, K = X.shape
    XtXi = np.linalg.inv(X.T @ X)
    beta = XtXi @ X.T @ y
    e = y - X @ beta
    meat = np.zeros((K, K))
    groups = np.unique(cl)
    for g in groups:
        s = X[cl == g].T @ e[cl == g]
        meat += np.outer(s, s)
    Gn = len(groups)
    V = (Gn / (Gn - 1)) * ((N - 1) / (N - K)) * XtXi @ meat @ XtXi
    return beta, np.sqrt(np.diag(V)), Gn


bm, sem, Gn = cr1(np.ones((cl.size, 1)), y, cl)
bs, ses, _ = cr1(np.column_stack([np.ones(cl.size), x]), y, cl)
tslope = bs[1] / ses[1]
dump('cluster', {'x': x.tolist(), 'y': y.tolist(), 'clusters': cl.tolist(),
                 'mean': {'estimate': float(bm[0]), 'se': float(sem[0]), 'clusters': int(Gn)},
                 'slope': {'estimate': float(bs[1]), 'se': float(ses[1]), 'pTwoSided': float(2 * stats.t.sf(abs(tslope), Gn - 1)),
                           'pDecreasing': float(stats.t.cdf(tslope, Gn - 1))}},
     'CR1 sandwich (X\'X)^-1 sum_g X_g\'e_g e_g\'X_g (X\'X)^-1 * G/(G-1)(N-1)/(N-K) with numpy; t with G-1 df (scipy)')

# pass^k exact rationals
pk = []
for c, n, k in [(3, 4, 2), (5, 5, 5), (2, 5, 3), (7, 10, 1), (7, 10, 4), (0, 3, 1), (9, 12, 6)]:
    v = Fraction(comb(c, k), comb(n, k))
    pk.append({'c': c, 'n': n, 'k': k, 'num': v.numerator, 'den': v.denominator, 'value': float(v)})
dump('pass_k', pk, 'C(c,k)/C(n,k) as exact fractions (math.comb)')

# Holm
def holm(p):
    p = np.asarray(p, float)
    order = np.argsort(p, kind='stable')
    m = len(p)
    adj = np.empty(m)
    run = 0.0
    for j, i in enumerate(order):
        run = max(run, min(1.0, (m - j) * p[i]))
        adj[i] = run
    return adj.tolist()


ho = [{'p': p, 'adjusted': holm(p)} for p in [[0.01, 0.04, 0.03], [0.001, 0.2, 0.5, 0.011, 0.049], [0.9], [0.03, 0.03, 0.5, 0.0]]]
dump('holm', ho, 'Holm step-down, numpy (stable argsort)')

# MDE via brentq on the power equation
md = []
for n1, n2, p1, alpha, power, direction in [(100, 100, 0.5, 0.05, 0.8, 'up'), (36, 36, 0.74, 0.05, 0.8, 'down'), (1000, 1000, 0.95, 0.05, 0.9, 'down'), (12, 12, 0.0, 0.05, 0.8, 'up'), (300, 150, 0.3, 0.01, 0.8, 'up')]:
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    s = 1 if direction == 'up' else -1

    def gap(d):
        p2 = p1 + s * d
        pbar = (n1 * p1 + n2 * p2) / (n1 + n2)
        return d - (za * np.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2)) + zb * np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))
    hi = 1 - p1 if s > 0 else p1
    val = float(optimize.brentq(gap, 1e-12, hi, xtol=1e-14)) if gap(hi) >= 0 else None
    md.append({'n1': n1, 'n2': n2, 'p1': p1, 'alpha': alpha, 'power': power, 'direction': direction, 'mde': val})
dump('mde', md, 'Fleiss-Levin-Paik power equation solved with scipy.optimize.brentq')

# quantiles (type 7)
qs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]
dump('quantile', [{'values': sorted(qs), 'q': q, 'value': float(np.quantile(qs, q))} for q in [0, 0.025, 0.5, 0.9, 0.975, 1]], 'numpy.quantile (linear)')
print('wrote', OUT)
