// Comparing two samples of latencies (issue 7 item 4's timing proof): medians, nearest-rank percentiles, and the
// Mann-Whitney U test (two-sided, normal approximation with tie correction and continuity correction, valid for
// samples of a few dozen and more). Rank-based, so a few outliers from machine noise cannot decide it.

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[rank] ?? NaN;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Φ(x), the standard normal CDF, through erfc (Numerical Recipes' erfc approximation, |error| < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The two-sided p-value of the Mann-Whitney U test that `a` and `b` come from the same distribution. */
export function mannWhitneyP(a: readonly number[], b: readonly number[]): number {
  const n1 = a.length;
  const n2 = b.length;
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1; // average rank of the tied run, 1-based
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumA += rank;
    const ties = j - i + 1;
    tieTerm += ties ** 3 - ties;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0) return 1;
  const z = (Math.abs(u - mean) - 0.5) / sigma;
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

export interface Separation {
  medianA: number;
  medianB: number;
  /** |median(a) − median(b)|, ms. */
  deltaMedian: number;
  /** What |Δmedian| must stay under: max(0.25 ms, 20 % of the larger median). */
  allowedDelta: number;
  p: number;
  /** Whether the two samples are told apart: |Δmedian| over the allowance, or p ≤ 0.001. */
  separated: boolean;
}

/**
 * The timing proof's statistic. Two samples "separate" when their medians differ by more than
 * max(0.25 ms, 20 % of the larger median) or when Mann-Whitney U says p ≤ 0.001: a real difference of 1 ms on
 * a ~1–3 ms request fails both, while machine noise that hits both samples alike (interleaved) fails neither.
 */
export function separation(a: readonly number[], b: readonly number[]): Separation {
  const medianA = median(a);
  const medianB = median(b);
  const deltaMedian = Math.abs(medianA - medianB);
  const allowedDelta = Math.max(0.25, 0.2 * Math.max(medianA, medianB));
  const p = mannWhitneyP(a, b);
  return { medianA, medianB, deltaMedian, allowedDelta, p, separated: deltaMedian >= allowedDelta || p <= 0.001 };
}
