/** Files, added and removed lines of a unified diff: the report's `+a −r` and convergence's size. */
export interface Diffstat {
  files: number;
  added: number;
  removed: number;
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * Reads hunk bodies by their header counts, so a content line that happens to start with `+++ `
 * or `--- ` is counted as the change it is, not taken for a file header. Meant for diffs Leash
 * normalized itself (counts right); a `\ No newline` marker consumes nothing.
 */
export function diffstat(diffText: string): Diffstat {
  const files = new Set<string>();
  let added = 0;
  let removed = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diffText.split("\n")) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith("+")) {
        added++;
        newLeft--;
      } else if (line.startsWith("-")) {
        removed++;
        oldLeft--;
      } else if (!line.startsWith("\\")) {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      newLeft = hunk[2] === undefined ? 1 : Number(hunk[2]);
    } else if (line.startsWith("+++ ") || line.startsWith("--- ")) {
      const path = line
        .slice(4)
        .split("\t")[0]
        ?.trim()
        .replace(/^[ab]\//, "");
      if (path && path !== "/dev/null") files.add(path);
    }
  }
  return { files: files.size, added, removed };
}
