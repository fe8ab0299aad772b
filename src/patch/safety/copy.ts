import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Copies are refused: a copy can carry a forbidden file's content to an allowed path. */
export const refuseCopy: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.kind === "copy")
    .map((f) =>
      violation(
        "copy",
        targetPath(f),
        `the patch copies ${JSON.stringify(f.oldPath)} to ${JSON.stringify(f.newPath)}`,
        "create the new file with its full content instead of a copy",
      ),
    );
