/**
 * The user's config over the defaults: mappings merge key by key, lists and scalars replace,
 * except `forbidden_paths`, which is the union — the defaults are a safety floor that a
 * project's config can add to but never remove.
 */
export function mergeOverDefaults(defaults: unknown, user: unknown): unknown {
  const merged = mergeValues(defaults, user);
  if (isPlainObject(defaults) && isPlainObject(user) && isPlainObject(merged)) {
    const floor = defaults["forbidden_paths"];
    const extra = user["forbidden_paths"];
    if (Array.isArray(floor) && Array.isArray(extra)) merged["forbidden_paths"] = unionList(floor, extra);
  }
  return merged;
}

function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeValues(base[key], value);
  return out;
}

function unionList(first: readonly unknown[], second: readonly unknown[]): unknown[] {
  const out = [...first];
  for (const item of second) if (!out.includes(item)) out.push(item);
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
