import { gitApplyWorkingTree } from "./git-apply.js";
import { readRepoFile } from "./read-repo-file.js";
import type { FilePatch, ParsedPatch } from "./types.js";
import { pathsOf } from "./types.js";

export interface ApplyInput {
  repoRoot: string;
  /** The normalized diff from `formatPatch`, exactly what was checked. */
  diffText: string;
  patch: ParsedPatch;
  /** Restores the checkpoint; called on any failure after git was asked to write. */
  rollback: () => Promise<void>;
}

export interface Diffstat {
  files: number;
  added: number;
  removed: number;
}

export type ApplyResult =
  | { ok: true; touched: string[]; diffstat: Diffstat }
  | { ok: false; stage: "check" | "apply" | "verify"; reason: string };

/** A file whose hunks remove and add the same lines changes no byte; it is not expected to move. */
function isNoOp(file: FilePatch): boolean {
  if (file.kind !== "modify") return false;
  return file.hunks.every((h) => {
    const removed = h.lines.filter((l) => l.op !== "+").map((l) => `${l.text}${l.noNewline}`);
    const added = h.lines.filter((l) => l.op !== "-").map((l) => `${l.text}${l.noNewline}`);
    return removed.join("\n") === added.join("\n");
  });
}

/**
 * Applies to the working tree, then verifies that exactly the patch's files changed: each file
 * the patch changes has new bytes, and git names no path the patch does not (its `--numstat` of
 * this very apply; two `git status` runs around it did this before). The patch stage ran
 * `git apply --check` on this text; git apply itself is all-or-nothing, so no second check runs
 * here: a refusal that left every byte as it was is reported as the check.
 */
export async function applyPatch(input: ApplyInput): Promise<ApplyResult> {
  const { repoRoot, diffText, patch } = input;
  const paths = [...new Set(patch.files.flatMap(pathsOf))];
  const before = new Map(paths.map((p) => [p, readRepoFile(repoRoot, p)]));
  const unchanged = (p: string) => sameBytes(before.get(p) ?? null, readRepoFile(repoRoot, p));
  const failAfterWrite = async (stage: "apply" | "verify", reason: string): Promise<ApplyResult> => {
    try {
      await input.rollback();
    } catch (error) {
      return { ok: false, stage, reason: `${reason}; rollback failed: ${String(error)}` };
    }
    return { ok: false, stage, reason };
  };
  const applied = await gitApplyWorkingTree(repoRoot, diffText);
  if (!applied.ok) {
    return paths.every(unchanged)
      ? { ok: false, stage: "check", reason: applied.reason }
      : failAfterWrite("apply", applied.reason);
  }
  const changed = paths.filter((p) => !unchanged(p));
  const expected = new Set(patch.files.filter((f) => !isNoOp(f)).flatMap(pathsOf));
  const missing = [...expected].filter((p) => !changed.includes(p));
  const strays = applied.paths.filter((p) => !paths.includes(p));
  if (missing.length > 0 || strays.length > 0) {
    const parts = [
      missing.length > 0 ? `unchanged: ${missing.join(", ")}` : "",
      strays.length > 0 ? `unexpected: ${strays.join(", ")}` : "",
    ].filter(Boolean);
    return failAfterWrite("verify", `the changed files differ from the patch's files (${parts.join("; ")})`);
  }
  const lines = patch.files.flatMap((f) => f.hunks.flatMap((h) => h.lines));
  return {
    ok: true,
    touched: changed.sort(),
    diffstat: {
      files: patch.files.length,
      added: lines.filter((l) => l.op === "+").length,
      removed: lines.filter((l) => l.op === "-").length,
    },
  };
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.equals(b);
}
