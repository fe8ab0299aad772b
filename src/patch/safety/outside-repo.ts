import { pathsOf } from "../types.js";
import { lexicallyOutside } from "./path-shape.js";
import type { SafetyRule, Violation } from "./types.js";
import { violation } from "./violation.js";

const HINT = "write repo-relative paths that stay inside the repository and do not go through symlinks";

/** Refuses absolute and `..` paths, paths through a symlink, and a symlink as the target itself. */
export const refuseOutsideRepo: SafetyRule = (patch, facts) => {
  const out: Violation[] = [];
  for (const path of patch.files.flatMap(pathsOf)) {
    const lexical = lexicallyOutside(path);
    if (lexical) {
      out.push(violation("outside_repo", path, `${JSON.stringify(path)}: ${lexical}`, HINT));
      continue;
    }
    const known = facts.paths[path];
    if (!known) continue;
    for (const hop of known.symlinks) {
      const what = hop.at === path ? "is itself a symlink" : `goes through the symlink ${hop.at}`;
      const where = hop.leavesRepo
        ? ` pointing outside the repository (${hop.target})`
        : ` (-> ${hop.target})`;
      out.push(violation("outside_repo", path, `${JSON.stringify(path)} ${what}${where}`, HINT));
    }
  }
  return out;
};
