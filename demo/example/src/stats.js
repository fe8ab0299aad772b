/** The arithmetic mean of a list of numbers. */
export function mean(values) {
  const total = values.reduce((sum, v) => sum + v, 0);
  return total / values.length;
}

/** The middle value of a list of numbers (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
