/** Path fields of diff headers: git's C-style quoting, timestamps, and the `a/`/`b/` prefixes. */

const ESCAPES: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  '"': '"',
  "\\": "\\",
  a: "\x07",
  b: "\b",
  f: "\f",
  v: "\v",
};

/** Reads a git-quoted path (`"a/sp\303\244ce"`); returns the rest of the string after it. */
export function unquotePath(s: string): { path: string; rest: string } | null {
  if (!s.startsWith('"')) return null;
  const bytes: number[] = [];
  let i = 1;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '"') return { path: Buffer.from(bytes).toString("utf8"), rest: s.slice(i + 1) };
    if (c === "\\") {
      const next = s[i + 1] ?? "";
      const octal = /^[0-7]{3}/.exec(s.slice(i + 1));
      if (octal) {
        bytes.push(Number.parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const mapped = ESCAPES[next];
      if (mapped === undefined) return null;
      bytes.push(...Buffer.from(mapped));
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(c));
    i++;
  }
  return null;
}

/** The path of a `--- x` / `+++ x` line; null for `/dev/null`. A tab starts a timestamp. */
export function headerPath(raw: string): string | null {
  const text = raw.replace(/\r$/, "");
  const quoted = unquotePath(text);
  const path = quoted ? quoted.path : (text.split("\t")[0] ?? "").trimEnd();
  return path === "/dev/null" ? null : path;
}

/** Both paths of `diff --git a/x b/y` (prefixes kept); null when it cannot be split. */
export function gitHeaderPaths(rest: string): [string, string] | null {
  const text = rest.replace(/\r$/, "");
  const first = unquotePath(text);
  if (first) {
    const second = text.slice(text.length - first.rest.length).trimStart();
    const q = unquotePath(second);
    return [first.path, q ? q.path : second];
  }
  // Same name on both sides is the common case and the only unambiguous split with spaces.
  if (text.startsWith("a/") && (text.length - 5) % 2 === 0) {
    const len = (text.length - 5) / 2;
    const a = text.slice(2, 2 + len);
    if (text.slice(2 + len) === ` b/${a}`) return [`a/${a}`, `b/${a}`];
  }
  const at = text.indexOf(" b/");
  if (at > 0) return [text.slice(0, at), text.slice(at + 1)];
  const space = text.indexOf(" ");
  return space > 0 ? [text.slice(0, space), text.slice(space + 1)] : null;
}

/** Strips git's prefixes when both present sides carry them; otherwise reports them missing. */
export function stripPrefixes(
  oldPath: string | null,
  newPath: string | null,
): { oldPath: string | null; newPath: string | null; prefixMissing: boolean } {
  const oldOk = oldPath === null || oldPath.startsWith("a/");
  const newOk = newPath === null || newPath.startsWith("b/");
  if (oldOk && newOk && (oldPath !== null || newPath !== null)) {
    return { oldPath: oldPath?.slice(2) ?? null, newPath: newPath?.slice(2) ?? null, prefixMissing: false };
  }
  return { oldPath, newPath, prefixMissing: true };
}

/** Quotes a path the way git does when it holds characters a header cannot carry raw. */
export function quotePath(path: string): string {
  if (!/[\x00-\x1f"\\\x7f]/.test(path)) return path;
  let out = "";
  for (const c of path) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += c;
  }
  return `"${out}"`;
}
