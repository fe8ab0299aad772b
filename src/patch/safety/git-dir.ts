import { pathsOf } from "../types.js";
import { components, isGitComponent } from "./path-shape.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Refuses `.git` in any component and any case: hooks and config there run code. */
export const refuseGitDir: SafetyRule = (patch) =>
  patch.files
    .flatMap(pathsOf)
    .filter((path) => components(path).some(isGitComponent))
    .map((path) =>
      violation(
        "git_dir",
        path,
        `${JSON.stringify(path)} is inside a .git directory`,
        "never touch git's own files; edit source files only",
      ),
    );
