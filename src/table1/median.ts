/** The median used by Table 1 and the design comparison (one helper, no import cycle). */

/**
 * Median of a list (mean of the middle two for even length); null for an empty list.
 * @example median([3, 1, 2]) // 2
 */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
