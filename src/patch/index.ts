export type { ApplyInput, ApplyResult, Diffstat } from "./apply-patch.js";
export { applyPatch } from "./apply-patch.js";
export { editsToDiff } from "./edits-to-diff.js";
export { formatPatch } from "./format-patch.js";
export { parseUnifiedDiff } from "./parse-diff.js";
export type { PatchRefusal, PrepareContext, PreparedPatch, RefusalStage } from "./prepare-patch.js";
export { preparePatch } from "./prepare-patch.js";
export { readRepoFile, repoFileReader } from "./read-repo-file.js";
export type { ReadRepoFile, RepairResult } from "./repair.js";
export { repairPatch } from "./repair.js";
export { checkPatchSafety, SAFETY_RULES } from "./safety/check-patch-safety.js";
export { gatherRepoFacts } from "./safety/gather-repo-facts.js";
export { safetyPolicyFromTask } from "./safety/policy-from-task.js";
export type {
  PathFacts,
  RepoFacts,
  SafetyPolicy,
  SafetyRule,
  SafetyVerdict,
  SymlinkHop,
  Violation,
} from "./safety/types.js";
export type {
  FileKind,
  FilePatch,
  Hunk,
  HunkLine,
  ParsedPatch,
  ParseResult,
  Repair,
  Result,
} from "./types.js";
