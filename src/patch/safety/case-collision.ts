import { pathsOf } from "../types.js";
import type { SafetyRule, Violation } from "./types.js";
import { violation } from "./violation.js";

const HINT = "use the exact case of the existing path";

/**
 * Refuses a path that differs only in case from an existing one, or from another path in the
 * same patch: on a case-insensitive checkout both name one file, which defeats the glob checks.
 */
export const refuseCaseCollision: SafetyRule = (patch, facts) => {
  const out: Violation[] = [];
  const seen = new Map<string, string>();
  for (const path of patch.files.flatMap(pathsOf)) {
    for (const twin of facts.paths[path]?.caseTwins ?? []) {
      out.push(
        violation(
          "case_collision",
          path,
          `${JSON.stringify(path)} differs only in case from the existing ${JSON.stringify(twin)}`,
          HINT,
        ),
      );
    }
    const folded = path.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined && other !== path) {
      out.push(
        violation(
          "case_collision",
          path,
          `${JSON.stringify(path)} and ${JSON.stringify(other)} differ only in case`,
          HINT,
        ),
      );
    }
    seen.set(folded, path);
  }
  return out;
};
