import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Bounds how many files one patch may touch. */
export const refuseTooManyFiles: SafetyRule = (patch, _facts, policy) =>
  patch.files.length > policy.maxFiles
    ? [
        violation(
          "too_many_files",
          "",
          `the patch touches ${patch.files.length} files, over the limit of ${policy.maxFiles}`,
          "change fewer files in one patch",
        ),
      ]
    : [];
