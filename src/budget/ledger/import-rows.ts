import { InputError } from "../../errors.js";
import type { LedgerRecord } from "./contract.js";

/**
 * What `leash ledger import` accepts: the columns of the target's `calls` table, nothing
 * else, so a file written by an older or newer Leash carries over what both know.
 */

/** Columns that identify one call across stores; ids are per store and never imported. */
export const IDENTITY_COLUMNS = ["time", "run_id", "task_id", "attempt", "host", "pid"] as const;

const REQUIRED = [...IDENTITY_COLUMNS, "project", "status", "projected_micros"];

export function checkRecord(record: LedgerRecord, index: number, file: string): void {
  for (const column of REQUIRED) {
    if (record[column] === undefined || record[column] === null) {
      throw new InputError("ledger.import_row", `row ${index + 1} has no ${column}`, {
        location: { file },
        hint: "import a file written by `leash ledger export`",
      });
    }
  }
}

/** The row's columns the target table has, without the store's own id. */
export function importColumns(record: LedgerRecord, tableColumns: ReadonlySet<string>): string[] {
  return Object.keys(record).filter((c) => c !== "id" && tableColumns.has(c));
}
