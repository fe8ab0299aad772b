/**
 * A count as every message writes it: `12,345`. Not toLocaleString, whose first call loads the
 * ICU locale data (≈ 25 ms of a run's start) to produce the same digits.
 */
export function formatInt(n: number): string {
  const digits = Math.round(Math.abs(n)).toString();
  return `${n < 0 ? "-" : ""}${digits.replace(/\B(?=(\d{3})+$)/g, ",")}`;
}
