import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Renames are refused: they move content past the allowed-files check of the old name. */
export const refuseRename: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.kind === "rename")
    .map((f) =>
      violation(
        "rename",
        targetPath(f),
        `the patch renames ${JSON.stringify(f.oldPath)} to ${JSON.stringify(f.newPath)}`,
        "do not rename files; edit them in place",
      ),
    );
