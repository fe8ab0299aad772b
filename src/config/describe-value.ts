/** How a found value reads in an error message: its type and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing (the key is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list (${short(JSON.stringify(value))})`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${short(JSON.stringify(value))}`;
  return `${typeof value} ${String(value)}`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The value at `path` inside plain data, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
