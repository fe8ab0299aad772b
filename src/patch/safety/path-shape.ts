/** Lexical facts about a path, shared by the rules and the fact gatherer. */

/**
 * Splits on both separators, for the rules that refuse: a backslash is a separator on Windows
 * checkouts of the same repo, so `..\x` and `.git\config` are refused here too.
 */
export function components(path: string): string[] {
  return path.split(/[\\/]/);
}

/**
 * The directories and name a path walks through on this disk, where only "/" separates: a
 * backslash is part of a POSIX file name (`src/back\slash.js` is one file in `src/`). Used
 * once the lexical rules above have passed, to read and to look at what is there.
 */
export function walkedComponents(path: string): string[] {
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path);
}

/** Absolute, empty, `..` anywhere, or control characters: the path cannot name a file inside the repo. */
export function lexicallyOutside(path: string): string | null {
  if (path === "") return "the path is empty";
  if (isAbsolutePath(path)) return "the path is absolute";
  if (components(path).includes("..")) return "the path climbs out with ..";
  if (/[\x00-\x1f\x7f]/.test(path)) return "the path holds control characters";
  return null;
}

/** `.git` in any case, with the trailing dots/spaces Windows ignores, or its 8.3 short name. */
export function isGitComponent(component: string): boolean {
  const folded = component.toLowerCase().replace(/[. ]+$/, "");
  return folded === ".git" || folded === "git~1";
}

/** Posix form used for glob matching: no `./` lead, no doubled or trailing slashes. */
export function normalizePath(path: string): string {
  return path
    .replace(/\/{2,}/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/\/$/, "");
}
