import type { ModelOutput } from "../contract/model-output.js";
import { editsToDiff } from "./edits-to-diff.js";
import { formatPatch } from "./format-patch.js";
import { parseUnifiedDiff } from "./parse-diff.js";
import type { ReadRepoFile } from "./repair.js";
import { repairPatch } from "./repair.js";
import { checkPatchSafety } from "./safety/check-patch-safety.js";
import { refuseOutsideRegion } from "./safety/outside-region.js";
import type { RepoFacts, SafetyPolicy, Violation } from "./safety/types.js";
import type { ParsedPatch, Repair } from "./types.js";
import { pathsOf, targetPath } from "./types.js";

/** A patch that passed every check and `git apply --check`; `diffText` is what gets applied. */
export interface PreparedPatch {
  ok: true;
  patch: ParsedPatch;
  diffText: string;
  repairs: Repair[];
  files: string[];
}

export type RefusalStage = "parse" | "repair" | "safety" | "check";

/** Why a model's answer was not applied; `reason` is written for the model's next attempt. */
export interface PatchRefusal {
  ok: false;
  stage: RefusalStage;
  code: string;
  reason: string;
  violations?: Violation[];
  repairs: Repair[];
}

/**
 * The three things preparing a patch needs from the tree it will land on. prepare-patch.ts
 * gives the disk and git; engine tests give an in-memory tree, so both run this one road.
 */
export interface PrepareIo {
  readFile: ReadRepoFile;
  facts(paths: string[]): Promise<RepoFacts>;
  /**
   * Would the normalized diff apply cleanly (`git apply --check`)? `paths`, when given, are the
   * paths the applier itself reads in the text, compared with what Leash parsed before anything
   * is written.
   */
  check(diffText: string): Promise<{ ok: true; paths?: string[] } | { ok: false; reason: string }>;
}

const refuse = (stage: RefusalStage, code: string, reason: string, repairs: Repair[] = []): PatchRefusal => ({
  ok: false,
  stage,
  code,
  reason,
  repairs,
});

/**
 * The whole road from a model's answer to an appliable diff. Safety runs on the parsed patch
 * before repair reads any file, so a refused path is never opened; repair changes only hunk
 * numbers, never paths, modes or counts of files and hunks, so the verdict still holds.
 */
export async function preparePatchWith(
  output: ModelOutput,
  policy: SafetyPolicy,
  io: PrepareIo,
): Promise<PreparedPatch | PatchRefusal> {
  let text: string;
  const editRepairs: Repair[] = [];
  if (output.kind === "unified_diff") text = output.unifiedDiff;
  else if (output.kind === "edits") {
    const diff = editsToDiff(output.edits, io.readFile, editRepairs);
    if (!diff.ok) return refuse("parse", diff.code, diff.reason);
    text = diff.value;
  } else {
    return refuse(
      "parse",
      "parse.not_a_patch",
      `expected a patch ({unified_diff} or {edits}), got a ${output.kind}`,
    );
  }
  const parsed = parseUnifiedDiff(text);
  if (!parsed.ok) return refuse("parse", parsed.code, parsed.reason, editRepairs);
  const facts = await io.facts(parsed.value.files.flatMap(pathsOf));
  const verdict = checkPatchSafety(parsed.value, facts, policy);
  if (!verdict.ok) {
    const first = verdict.violations[0] as Violation;
    const reason = verdict.violations.map((v) => `${v.code}: ${v.message} (${v.hint})`).join("\n");
    return { ...refuse("safety", first.code, reason), violations: verdict.violations };
  }
  const repaired = repairPatch(
    { ...parsed.value, repairs: [...editRepairs, ...(parsed.value.repairs ?? [])] },
    io.readFile,
  );
  if (!repaired.ok) return refuse("repair", repaired.code, repaired.reason, repaired.repairs);
  if (policy.regions) {
    const outside = refuseOutsideRegion(repaired.patch, policy.regions);
    const first = outside[0];
    if (first) {
      const reason = outside.map((v) => `${v.code}: ${v.message} (${v.hint})`).join("\n");
      return { ...refuse("safety", first.code, reason, repaired.repairs), violations: outside };
    }
  }
  const diffText = formatPatch(repaired.patch);
  const check = await io.check(diffText);
  if (!check.ok)
    return refuse(
      "check",
      "patch.check_failed",
      `git apply --check refused the patch: ${check.reason}`,
      repaired.repairs,
    );
  const parsedPaths = new Set(repaired.patch.files.flatMap(pathsOf));
  const seen = check.paths && new Set(check.paths);
  if (seen && (seen.size !== parsedPaths.size || [...seen].some((p) => !parsedPaths.has(p)))) {
    // The safety verdict is about the paths Leash parsed; git must mean the same ones.
    return refuse(
      "check",
      "patch.paths_disagree",
      `git apply reads the patch as touching ${[...seen].sort().join(", ")}, but its headers name ${[...parsedPaths].sort().join(", ")}; write each file's header as \`diff --git a/PATH b/PATH\` with the same PATH in its --- and +++ lines`,
      repaired.repairs,
    );
  }
  return {
    ok: true,
    patch: repaired.patch,
    diffText,
    repairs: repaired.repairs,
    files: [...new Set(repaired.patch.files.map(targetPath))],
  };
}
