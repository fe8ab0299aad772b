import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Submodules (mode 160000, `Subproject commit`) point at code outside this repository. */
export const refuseSubmodule: SafetyRule = (patch, facts) =>
  patch.files
    .filter((f) => f.submodule || facts.paths[targetPath(f)]?.trackedMode === "160000")
    .map((f) =>
      violation(
        "submodule",
        targetPath(f),
        `${JSON.stringify(targetPath(f))} is a submodule (mode 160000 / Subproject commit)`,
        "do not add or move submodules; edit files of this repository only",
      ),
    );
