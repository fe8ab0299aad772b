import picomatch from "picomatch";
import { pathsOf } from "../types.js";
import { normalizePath } from "./path-shape.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Refuses paths outside the task's `allowed_files`; an empty list allows nothing. */
export const refuseNotAllowed: SafetyRule = (patch, _facts, policy) => {
  const isAllowed =
    policy.allowedGlobs.length > 0 ? picomatch(policy.allowedGlobs, { dot: true }) : () => false;
  const shown = policy.allowedGlobs.join(", ") || "nothing";
  return patch.files
    .flatMap(pathsOf)
    .filter((path) => !isAllowed(normalizePath(path)))
    .map((path) =>
      violation(
        "not_allowed",
        path,
        `${JSON.stringify(path)} is not among the task's allowed files (${shown})`,
        "change only files matched by allowed_files",
      ),
    );
};
