import { redactSecrets } from "../context/redact.js";
import { stripAnsi } from "../context/strip-ansi.js";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Removes what differs between two runs of the same failure: absolute repo paths, temp dirs,
 * line and column numbers, durations, timestamps, addresses and colours.
 */
export function normalizeLine(line: string, repoRoot: string): string {
  let s = stripAnsi(line).replace(/\r/g, "");
  s = s.replace(/file:\/\//g, "");
  const root = repoRoot.replace(/\/+$/, "");
  if (root.length > 1) {
    const roots = [root, root.replace(/^\/private\//, "/"), `/private${root}`];
    for (const r of roots) s = s.replace(new RegExp(`${escapeRegExp(r)}/?`, "g"), "");
  }
  return (
    s
      .replace(/(?:\/private)?\/(?:tmp|var\/folders|var\/tmp)\/[^\s:'"()]+/g, "<tmp>")
      .replace(/\b[A-Za-z]:\\(?:Users|Windows|Temp)\\[^\s:'"()]+/g, "<tmp>")
      .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>")
      .replace(/\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, "<time>")
      // path(12,5) as tsc prints it, path:12:5 and path:12 as most tools print it.
      .replace(/(\.[A-Za-z0-9]+)\(\d+,\d+\)/g, "$1")
      .replace(/(\.[A-Za-z0-9]+|\]):\d+(?::\d+)?/g, "$1")
      .replace(/(^|\s)\d+:\d+(?=\s)/g, "$1")
      .replace(/\b(line|ln|col|column)\s+\d+/gi, "$1 N")
      .replace(/\(?\b\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds|µs|us|ns|m)\)?(?=\W|$)/g, "<t>")
      .replace(/\b0x[0-9a-fA-F]+\b/g, "0x<addr>")
      .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b/g, "<hex>")
      .replace(/\s+FIXABLE\b/g, "")
      .replace(/\s*━{3,}\s*/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** A line as it may be shown: colours off, secrets out, paths relative. Line numbers stay. */
export function cleanLine(line: string, repoRoot: string): string {
  let s = redactSecrets(stripAnsi(line).replace(/\r/g, ""));
  const root = repoRoot.replace(/\/+$/, "");
  if (root.length > 1) s = s.split(`${root}/`).join("");
  return s.trimEnd();
}
