import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Deleting a file is an operator decision, never a model's (SPEC §7). */
export const refuseDelete: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.kind === "delete")
    .map((f) =>
      violation(
        "delete",
        targetPath(f),
        `the patch deletes ${JSON.stringify(targetPath(f))}`,
        "do not delete files; empty or edit them only if the task asks",
      ),
    );
