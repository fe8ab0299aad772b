import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** A patch may not change a file's mode; only content changes are reviewed. */
export const refuseModeChange: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.oldMode !== undefined && f.newMode !== undefined && f.oldMode !== f.newMode)
    .map((f) =>
      violation(
        "mode_change",
        targetPath(f),
        `the patch changes the mode of ${JSON.stringify(targetPath(f))} from ${f.oldMode} to ${f.newMode}`,
        "leave file modes alone; send content changes only",
      ),
    );
