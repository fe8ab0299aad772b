/** Every string inside a JSON-like value passed through `redact`; the shape is kept. */
export function redactDeep<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Buffer)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out as T;
  }
  return value;
}

/** The same, with an async redactor (the full ruleset); strings are scanned one after another. */
export async function scanDeep<T>(value: T, scan: (text: string) => Promise<string>): Promise<T> {
  if (typeof value === "string") return (await scan(value)) as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) out.push(await scanDeep(v, scan));
    return out as T;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Buffer)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await scanDeep(v, scan);
    return out as T;
  }
  return value;
}
