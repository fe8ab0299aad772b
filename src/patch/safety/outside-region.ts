import { inRanges, type LineRange } from "../../outline/region.js";
import type { ParsedPatch } from "../types.js";
import { targetPath } from "../types.js";
import type { Violation } from "./types.js";
import { violation } from "./violation.js";

/**
 * With regions declared for an allowed file, every removed line must lie inside one, and every
 * added line must go next to one. Checked on the placed (repaired) patch, whose line numbers are
 * the file's own, so a hunk cannot slip outside by claiming false numbers.
 */
export function refuseOutsideRegion(
  patch: ParsedPatch,
  regions: Readonly<Record<string, LineRange[]>>,
): Violation[] {
  const out: Violation[] = [];
  for (const file of patch.files) {
    const path = targetPath(file);
    const ranges = regions[path];
    if (!ranges) continue;
    file.hunks.forEach((hunk, i) => {
      let oldLine = hunk.oldStart ?? 1;
      // A hunk that only adds lines at the top of the file has old start 0.
      if (hunk.oldCount === 0) oldLine += 1;
      const outside: number[] = [];
      for (const line of hunk.lines) {
        if (line.op === "-") {
          if (!inRanges(oldLine, ranges)) outside.push(oldLine);
          oldLine += 1;
        } else if (line.op === "+") {
          if (!inRanges(oldLine, ranges) && !inRanges(oldLine - 1, ranges)) outside.push(oldLine);
        } else oldLine += 1;
      }
      if (outside.length > 0) {
        const shown = ranges.map(([a, b]) => `${a}-${b}`).join(", ");
        out.push(
          violation(
            "outside_region",
            path,
            `hunk ${i + 1} of ${path} changes line ${outside[0]}, outside the task's regions (lines ${shown})`,
            `change only lines ${shown} of ${path}; the rest of the file is not part of this task`,
          ),
        );
      }
    });
  }
  return out;
}
