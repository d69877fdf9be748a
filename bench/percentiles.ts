// Percentiles of one run's samples (nearest rank).
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[rank] ?? NaN;
}

export const round3 = (ms: number) => Math.round(ms * 1000) / 1000;
