#!/usr/bin/python3
"""Independent numpy reference for tbdl's src/eprocess (betting martingales, SR, CSs).

Written from the formulas (Waudby-Smith & Ramdas 2023 JRSSB; Cutkosky & Orabona 2018; Shin,
Ramdas & Rinaldo e-detectors), not from the TypeScript code: bets are vectorised over the
grid, sums are recomputed from scratch at every step (no running state), and log-sum-exp goes
through numpy.logaddexp. Conventions that tbdl documents and this script follows:
  mu_hat_t = (1/2 + sum y) / (t + 1);  sigma2_hat_t = (1/4 + sum (y - ybar)^2) / (t + 1)
  plug-in bet for item t (1-based): sqrt(2 log(1/a) / (sigma2_hat_{t-1} t log(1+t))),
  for a round of r items after n items: t = n + r; bets clipped to [0, c/(1-m)].
Usage: /usr/bin/python3 scripts/reference/eprocess_reference.py > fixtures/reference/eprocess/reference.json
"""
import datetime, json, math, sys
import numpy as np

C, ALPHA, G = 0.5, 0.05, 10
BETA_ONS = 2 / (2 - math.log(3))


def stats(ys):
    ys = np.asarray(ys, dtype=float)
    n = ys.size
    mu = (0.5 + ys.sum()) / (n + 1)
    q = float(((ys - ys.mean()) ** 2).sum()) if n > 0 else 0.0
    return n, mu, (0.25 + q) / (n + 1)


def plugin_bet(hist, t, log_inv_alpha):
    n, _, var = stats(hist)
    return math.sqrt(2 * log_inv_alpha / (var * t * math.log(1 + t)))


def agrapa_bet(hist, m):
    _, mu, var = stats(hist)
    d = m - mu
    return d / (var + d * d)


def clip(x, hi):
    return float(min(max(x, 0.0), hi))


def lme(xs):
    xs = np.asarray(xs, dtype=float)
    return float(np.logaddexp.reduce(xs) - math.log(xs.size))


def item_paths(ys, m):
    """Per-item log-wealth of every strategy after each item."""
    lmax = C / (1 - m)
    bets = lmax * np.arange(1, G + 1) / G
    out = {k: [] for k in ('plugin', 'agrapa', 'ons', 'grid', 'mixture')}
    lp = la = lo = 0.0
    lg = np.zeros(G)
    lam_ons, a_ons = 0.0, 1.0
    for i, y in enumerate(ys):
        hist = ys[:i]
        z = m - y
        lp += math.log1p(clip(plugin_bet(hist, i + 1, -math.log(ALPHA)), lmax) * z)
        la += math.log1p(clip(agrapa_bet(hist, m), lmax) * z)
        f = 1 + lam_ons * z
        lo += math.log(f)
        g = -z / f
        a_ons += g * g
        lam_ons = clip(lam_ons - BETA_ONS * g / a_ons, lmax)
        lg = lg + np.log1p(bets * z)
        out['plugin'].append(lp); out['agrapa'].append(la); out['ons'].append(lo)
        out['grid'].append(lme(lg)); out['mixture'].append(lme([lp, la, lme(lg)]))
    return out


def round_factor(lam, m, cnt):
    a, b, c = cnt
    return a * math.log1p(lam * m) + b * math.log1p(lam * (m - 0.5)) + c * math.log1p(lam * (m - 1))


def expand(cnt):
    a, b, c = cnt
    return [0.0] * a + [0.5] * b + [1.0] * c


def round_paths(rounds, m):
    """Per-round log-wealth of every strategy, plus SR and CUSUM on the grid round e-values."""
    lmax = C / (1 - m)
    bets = lmax * np.arange(1, G + 1) / G
    out = {k: [] for k in ('plugin', 'agrapa', 'ons', 'grid', 'mixture', 'sr_grid', 'cusum_grid')}
    hist = []
    lp = la = lo = 0.0
    lg = np.zeros(G)
    lam_ons, a_ons = 0.0, 1.0
    sr = cu = None
    for cnt in rounds:
        r = sum(cnt)
        lp += round_factor(clip(plugin_bet(hist, len(hist) + r, -math.log(ALPHA)), lmax), m, cnt)
        la += round_factor(clip(agrapa_bet(hist, m), lmax), m, cnt)
        lo += round_factor(lam_ons, m, cnt)
        zs = np.array([m, m - 0.5, m - 1]); w = np.array(cnt, dtype=float)
        g = -float((w * zs / (1 + lam_ons * zs)).sum())
        a_ons += g * g
        lam_ons = clip(lam_ons - BETA_ONS * g / a_ons, lmax)
        inc = np.array([round_factor(b, m, cnt) for b in bets])
        e = lme(inc)
        sr = e if sr is None else float(np.logaddexp(sr, 0.0)) + e
        cu = e if cu is None else max(cu, 0.0) + e
        lg = lg + inc
        hist += expand(cnt)
        out['plugin'].append(lp); out['agrapa'].append(la); out['ons'].append(lo)
        out['grid'].append(lme(lg)); out['mixture'].append(lme([lp, la, lme(lg)]))
        out['sr_grid'].append(sr); out['cusum_grid'].append(cu)
    return out


def hedged_cs(ys, grid_size, alpha=ALPHA):
    """WSR Thm 3 hedged capital CS on the grid (g + 1/2)/G with running intersection."""
    ms = (np.arange(grid_size) + 0.5) / grid_size
    kp = np.zeros(grid_size); km = np.zeros(grid_size)
    lo, hi = 0.0, 1.0
    out = []
    for i, y in enumerate(ys):
        lam = plugin_bet(ys[:i], i + 1, math.log(2 / alpha))
        lpl = np.minimum(lam, C / ms); lmi = np.minimum(lam, C / (1 - ms))
        kp += np.log1p(lpl * (y - ms)); km += np.log1p(-lmi * (y - ms))
        cap = np.maximum(math.log(0.5) + kp, math.log(0.5) + km)
        keep = np.nonzero(cap < -math.log(alpha))[0]
        if keep.size == 0:
            l, h = 1.0, 0.0
        else:
            f, la = int(keep[0]), int(keep[-1])
            l = 0.0 if f == 0 else float(ms[f - 1])
            h = 1.0 if la == grid_size - 1 else float(ms[la + 1])
        lo, hi = max(lo, l), min(hi, h)
        out.append([lo, hi])
    return out


def eb_cs(ys, alpha=ALPHA):
    """WSR Thm 2 predictable-mixture empirical-Bernstein CS, running intersection, within [0,1]."""
    lo, hi = 0.0, 1.0
    lams, vs = [], []
    out = []
    for i, y in enumerate(ys):
        lam = min(plugin_bet(ys[:i], i + 1, math.log(2 / alpha)), C)
        mu = (0.5 + sum(ys[:i])) / (i + 1)
        lams.append(lam); vs.append(4 * (y - mu) ** 2)
        L = np.array(lams); V = np.array(vs)
        psi = (-np.log1p(-L) - L) / 4
        center = float((L * np.array(ys[: i + 1])).sum() / L.sum())
        half = float((math.log(2 / alpha) + (V * psi).sum()) / L.sum())
        lo, hi = max(lo, center - half), min(hi, center + half)
        out.append([lo, hi])
    return out


def main():
    rng = np.random.default_rng(20261130)
    ys_cont = [float(x) for x in rng.beta(2.0, 3.0, size=300)]         # mean 0.4, tested at m = 0.45
    ys_bern = [float(x) for x in (rng.random(300) < 0.25).astype(float)]  # p = 0.25 vs m = 0.328
    probs = [0.35, 0.40, 0.25]  # P(D=-1), P(D=0), P(D=+1): E[D] = -0.10 vs delta = 0.05
    rounds = [[int(v) for v in rng.multinomial(64, probs)] for _ in range(40)]
    doc = {
        'provenance': {
            'script': 'scripts/reference/eprocess_reference.py',
            'command': '/usr/bin/python3 scripts/reference/eprocess_reference.py > fixtures/reference/eprocess/reference.json',
            'numpy': np.__version__,
            'python': sys.version.split()[0],
            'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'seed': 20261130,
            'conventions': 'c = 0.5, alpha = 0.05 (plug-in scale log(1/alpha); CS log(2/alpha)), grid of 10 bets lambdaMax*j/10, ONS A0 = 1 beta = 2/(2 - log 3)',
        },
        'continuous': {'m': 0.45, 'ys': ys_cont, 'logWealth': item_paths(ys_cont, 0.45)},
        'bernoulli': {'m': 0.328, 'ys': ys_bern, 'logWealth': item_paths(ys_bern, 0.328)},
        'rounds': {'m': 0.525, 'counts': rounds, 'logWealth': round_paths(rounds, 0.525)},
        'hedgedCs': {'gridSize': 100, 'ys': ys_bern, 'intervals': hedged_cs(ys_bern, 100)},
        'ebCs': {'ys': ys_cont, 'intervals': eb_cs(ys_cont)},
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
