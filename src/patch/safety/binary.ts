import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Binary patches cannot be reviewed as text, so they are refused. */
export const refuseBinary: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.binary)
    .map((f) =>
      violation(
        "binary",
        targetPath(f),
        `the patch carries binary content for ${JSON.stringify(targetPath(f))}`,
        "send text changes only; binary files cannot be patched",
      ),
    );
