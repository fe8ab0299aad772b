import { targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** New or changed files stay 100644: an executable bit turns data into something that runs. */
export const refuseExecutable: SafetyRule = (patch) =>
  patch.files
    .filter((f) => f.newMode === "100755")
    .map((f) =>
      violation(
        "executable",
        targetPath(f),
        `the patch makes ${JSON.stringify(targetPath(f))} executable (100755)`,
        "new and changed files must stay mode 100644",
      ),
    );
