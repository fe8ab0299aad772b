import { pathsOf, targetPath } from "../types.js";
import type { SafetyRule } from "./types.js";
import { violation } from "./violation.js";

/** NUL bytes in content or paths mark binary data or path-truncation tricks. */
export const refuseNulByte: SafetyRule = (patch) =>
  patch.files
    .filter(
      (f) =>
        pathsOf(f).some((p) => p.includes("\0")) ||
        f.hunks.some((h) => h.lines.some((l) => l.text.includes("\0"))),
    )
    .map((f) =>
      violation(
        "nul_byte",
        targetPath(f),
        `the patch for ${JSON.stringify(targetPath(f))} contains a NUL byte`,
        "send plain text without NUL characters",
      ),
    );
