/** Limits value to the range [low, high]. */
export function clamp(value, low, high) {
  if (low > high) throw new RangeError(`empty range: ${low} > ${high}`);
  return Math.max(Math.min(value, low), high);
}
