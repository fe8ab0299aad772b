import { createHash } from "node:crypto";
import { diffstat } from "../patch/diffstat.js";
import type { AttemptMetrics, FailedAttemptOutcome as AttemptOutcome } from "../report/verdict.js";
import type { FailureSignature } from "../validate/failure-signature.js";

export type { AttemptMetrics, FailedAttemptOutcome as AttemptOutcome } from "../report/verdict.js";

/**
 * A patch's identity for repeat detection: per line all whitespace removed, blank lines and
 * git's bookkeeping lines (diff --git, index) dropped, and hunk positions ignored — so the
 * same fix re-indented or placed at another line hashes the same.
 */
export function hashPatch(patch: string): string {
  const lines: string[] = [];
  for (const line of patch.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.startsWith("diff --git ") || line.startsWith("index ")) continue;
    if (line.startsWith("@@")) {
      lines.push("@@");
      continue;
    }
    const squashed = line.replace(/\s+/g, "");
    if (squashed === "" || squashed === "+" || squashed === "-") continue;
    lines.push(squashed);
  }
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

export function measureAttempt(input: {
  attempt: number;
  role: string;
  outcome: AttemptOutcome;
  /** The normalized unified diff; undefined when the answer did not parse. */
  patch?: string;
  failures?: readonly FailureSignature[];
}): AttemptMetrics {
  const failures = input.failures ?? [];
  const hashes = [...new Set(failures.map((f) => f.signatureHash))].sort();
  const stats = input.patch === undefined ? { files: 0, added: 0, removed: 0 } : diffstat(input.patch);
  return {
    attempt: input.attempt,
    role: input.role,
    patchHash: input.patch === undefined ? null : hashPatch(input.patch),
    failureHashes: hashes,
    failureCount: hashes.length,
    categories: [...new Set(failures.map((f) => f.category))].sort(),
    diffLines: stats.added + stats.removed,
    filesTouched: stats.files,
    outcome: input.outcome,
  };
}
