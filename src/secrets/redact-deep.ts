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

/** The same, with the whole ruleset (async): every string of `value` goes to one `scanMany`. */
export async function scanDeep<T>(value: T, scanMany: (texts: string[]) => Promise<string[]>): Promise<T> {
  const texts: string[] = [];
  redactDeep(value, (t) => {
    texts.push(t);
    return t;
  });
  const clean = await scanMany(texts);
  let next = 0;
  return redactDeep(value, () => clean[next++] as string);
}
