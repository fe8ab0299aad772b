import type { ParsedPatch } from "../types.js";
import { refuseBinary } from "./binary.js";
import { refuseCaseCollision } from "./case-collision.js";
import { refuseCopy } from "./copy.js";
import { refuseDelete } from "./delete.js";
import { refuseExecutable } from "./executable.js";
import { refuseForbidden } from "./forbidden.js";
import { refuseGitDir } from "./git-dir.js";
import { refuseModeChange } from "./mode-change.js";
import { refuseNotAllowed } from "./not-allowed.js";
import { refuseNulByte } from "./nul-byte.js";
import { refuseOutsideRepo } from "./outside-repo.js";
import { refuseRename } from "./rename.js";
import { refuseSubmodule } from "./submodule.js";
import { refuseSymlink } from "./symlink.js";
import { refuseTooLarge } from "./too-large.js";
import { refuseTooManyFiles } from "./too-many-files.js";
import { refuseTooManyHunks } from "./too-many-hunks.js";
import type { RepoFacts, SafetyPolicy, SafetyRule, SafetyVerdict } from "./types.js";

/** Every rule, in the order their violations are reported. */
export const SAFETY_RULES: readonly SafetyRule[] = [
  refuseOutsideRepo,
  refuseGitDir,
  refuseForbidden,
  refuseNotAllowed,
  refuseDelete,
  refuseRename,
  refuseCopy,
  refuseModeChange,
  refuseExecutable,
  refuseSymlink,
  refuseSubmodule,
  refuseBinary,
  refuseNulByte,
  refuseTooLarge,
  refuseTooManyFiles,
  refuseTooManyHunks,
  refuseCaseCollision,
];

/** Pure: runs all rules and returns every violation, so one attempt learns all its mistakes. */
export function checkPatchSafety(patch: ParsedPatch, facts: RepoFacts, policy: SafetyPolicy): SafetyVerdict {
  const violations = SAFETY_RULES.flatMap((rule) => rule(patch, facts, policy));
  return violations.length === 0 ? { ok: true } : { ok: false, violations };
}
