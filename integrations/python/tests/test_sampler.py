"""Unit tests for tbdl_probe.sampler (run: /usr/bin/python3 -m unittest discover -s integrations/python/tests)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import ProbeSampler, pick, round_seed  # noqa: E402


class SamplerTest(unittest.TestCase):
    def test_same_seed_same_round_same_draw(self):
        a, b = ProbeSampler(500, 64, 10, seed=7), ProbeSampler(500, 64, 10, seed=7)
        for k in (1, 2, 30):
            self.assertEqual(a.draw(k), b.draw(k))

    def test_rounds_and_seeds_differ(self):
        s = ProbeSampler(500, 64, 10, seed=7)
        self.assertNotEqual(s.draw(1).positions, s.draw(2).positions)
        self.assertNotEqual(s.draw(1).positions, ProbeSampler(500, 64, 10, seed=8).draw(1).positions)
        self.assertEqual(s.draw(3).seed, round_seed(7, 3))

    def test_matches_typescript_sampleProbe(self):
        # Reference values printed by TypeScript on 2026-11-30: probeRoundSeed(s, r) and
        # sampleProbe({poolSize, size, seed, round}) from src/detector/sampler.ts (src/rng.ts).
        self.assertEqual([round_seed(7, 1), round_seed(7, 2), round_seed(-3, 5), round_seed(2**40 + 5, 9)],
                         [1458643616, 1632364153, 2660779415, 4100947758])
        self.assertEqual(ProbeSampler(500, 8, 10, 7).draw(1).positions, (366, 255, 52, 450, 391, 21, 3, 459))
        self.assertEqual(ProbeSampler(1000, 6, 10, 2**40 + 5).draw(3).positions, (566, 997, 135, 256, 380, 515))
        self.assertEqual(ProbeSampler(3, 5, 1, -3).draw(2).positions, (2, 2, 2, 1, 2))

    def test_positions_in_range_with_replacement(self):
        s = ProbeSampler(5, 64, 1, seed=3)
        pos = s.draw(1).positions
        self.assertEqual(len(pos), 64)
        self.assertTrue(all(0 <= p < 5 for p in pos))
        self.assertLess(len(set(pos)), 64)  # 64 draws from 5 items must repeat: with replacement

    def test_uniform_within_monte_carlo_tolerance(self):
        # 1,000 rounds x 50 draws over a pool of 10: each item's share is 0.1; the binomial s.d.
        # of a share over 50,000 draws is ~0.00134, tolerance 0.007 (> 5 s.d.).
        s = ProbeSampler(10, 50, 1, seed=11)
        counts = [0] * 10
        for k in range(1, 1001):
            for p in s.draw(k).positions:
                counts[p] += 1
        for c in counts:
            self.assertAlmostEqual(c / 50_000, 0.1, delta=0.007)

    def test_due_and_draw_for_step(self):
        s = ProbeSampler(100, 8, 10, seed=1)
        self.assertEqual([t for t in range(0, 41) if s.due(t)], [10, 20, 30, 40])
        self.assertEqual(s.draw_for_step(30).seq, 3)
        with self.assertRaises(ValueError):
            s.draw_for_step(15)

    def test_invalid_arguments(self):
        for args in ((0, 64, 10, 1), (10, 0, 10, 1), (10, 64, 0, 1), (10, 64, 10, 1.5)):
            with self.assertRaises(ValueError):
                ProbeSampler(*args)
        with self.assertRaises(ValueError):
            round_seed(1, 0)
        with self.assertRaises(ValueError):
            ProbeSampler(10, 64, 10, 2**53)

    def test_pick_and_describe(self):
        s = ProbeSampler(4, 6, 2, seed=5)
        d = s.draw(1)
        self.assertEqual(pick(["a", "b", "c", "d"], d), [["a", "b", "c", "d"][p] for p in d.positions])
        desc = s.describe()
        self.assertEqual((desc["size"], desc["every"], desc["sampling"], desc["seed"]), (6, 2, "with_replacement", 5))


if __name__ == "__main__":
    unittest.main()
