import { targetPath } from "../types.js";
import type { SafetyRule, Violation } from "./types.js";
import { violation } from "./violation.js";

/** Symlinks (mode 120000) are refused: their target, not their path, decides what gets written. */
export const refuseSymlink: SafetyRule = (patch, facts) => {
  const out: Violation[] = [];
  for (const f of patch.files) {
    const path = targetPath(f);
    const tracked = facts.paths[path]?.trackedMode === "120000";
    if (f.newMode === "120000" || f.oldMode === "120000" || tracked) {
      out.push(
        violation(
          "symlink",
          path,
          `${JSON.stringify(path)} is or would become a symlink (mode 120000)`,
          "do not create or edit symlinks; edit regular files",
        ),
      );
    }
  }
  return out;
};
