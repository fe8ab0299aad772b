/**
 * Money as integer micro-dollars so that "exactly the projected cost passes, one cent less
 * blocks" is decided without float drift. Prices (USD per 1M tokens) become integer
 * pico-dollars per token: a price has at most six decimals, so the conversion is exact.
 */

export const MICROS_PER_USD = 1_000_000;

export function toMicros(usd: number): number {
  return Math.round(usd * MICROS_PER_USD);
}

export function fromMicros(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** USD per 1M tokens → integer pico-dollars per token. */
export function picosPerToken(usdPerMillion: number): number {
  return Math.round(usdPerMillion * MICROS_PER_USD);
}

/** Integer pico-dollars → micro-dollars, rounded up so an estimate never under-reserves. */
export function picosToMicrosCeil(picos: number): number {
  return Math.ceil(picos / MICROS_PER_USD);
}

/** `$0.0412`; limits that are whole cents print as `$2.00`. */
export function formatUsd(micros: number, style: "figure" | "limit" = "figure"): string {
  const sign = micros < 0 ? "-" : "";
  const abs = Math.abs(micros);
  const decimals = style === "limit" && abs % 10_000 === 0 ? 2 : abs % 100 === 0 ? 4 : 6;
  return `${sign}$${(abs / MICROS_PER_USD).toFixed(decimals)}`;
}
