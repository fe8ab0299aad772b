import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Bounds how many hunks one patch may carry. */
export const refuseTooManyHunks: SafetyRule = (patch, _facts, policy) => {
  const hunks = patch.files.reduce((n, f) => n + f.hunks.length, 0);
  return hunks > policy.maxHunks
    ? [
        violation(
          "too_many_hunks",
          "",
          `the patch has ${hunks} hunks, over the limit of ${policy.maxHunks}`,
          "make a smaller, more focused change",
        ),
      ]
    : [];
};
