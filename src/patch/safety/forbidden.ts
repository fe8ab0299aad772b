import picomatch from "picomatch";
import { pathsOf } from "../types.js";
import { normalizePath } from "./path-shape.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** Refuses paths matching a forbidden glob, ignoring case so `SECRETS/x` cannot dodge `secrets/**`. */
export const refuseForbidden: SafetyRule = (patch, _facts, policy) => {
  if (policy.forbiddenGlobs.length === 0) return [];
  const isForbidden = picomatch(policy.forbiddenGlobs, { dot: true, nocase: true });
  return patch.files
    .flatMap(pathsOf)
    .filter((path) => isForbidden(normalizePath(path)))
    .map((path) =>
      violation(
        "forbidden",
        path,
        `${JSON.stringify(path)} matches a forbidden path (${policy.forbiddenGlobs.join(", ")})`,
        "leave this file alone; change only the task's allowed files",
      ),
    );
};
