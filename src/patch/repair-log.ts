import type { Repair } from "./types.js";

/**
 * The repairs of one patch, one entry per (kind, file, hunk): a hunk relocated twice (found,
 * then renumbered after padding) is one relocation from what the model wrote to the final place.
 */
export class RepairLog {
  readonly entries: Repair[] = [];

  add(repair: Repair): void {
    const same = this.entries.find(
      (r) => r.kind === repair.kind && r.file === repair.file && r.hunk === repair.hunk,
    );
    if (!same) {
      this.entries.push({ ...repair });
      return;
    }
    same.to = repair.to;
    if (repair.level !== undefined) same.level = repair.level;
  }
}
