import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Bounds the bytes one attempt may send (`max_patch_bytes`). */
export const refuseTooLarge: SafetyRule = (patch, _facts, policy) =>
  patch.sourceBytes > policy.maxPatchBytes
    ? [
        violation(
          "too_large",
          "",
          `the patch is ${patch.sourceBytes} bytes, over max_patch_bytes ${policy.maxPatchBytes}`,
          "send a smaller change; split the work into steps",
        ),
      ]
    : [];
