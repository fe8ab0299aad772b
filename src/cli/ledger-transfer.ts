import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { LedgerRecord } from "../budget/ledger/contract.js";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import { writeJsonAtomic } from "../report/atomic-write.js";
import type { CliContext } from "./context.js";
import { loadRepoConfig } from "./load-repo-config.js";

/**
 * `leash ledger export FILE` and `leash ledger import FILE`: the ledger's history as one JSON
 * file, to move it between SQLite and PostgreSQL (or between two of either).
 */

const FORMAT = "leash-ledger-export";

interface TransferOptions {
  config?: string;
}

async function openConfigured(ctx: CliContext, options: TransferOptions) {
  const loaded = await loadRepoConfig(ctx.cwd, options.config);
  const { openConfiguredLedger } = await import("../budget/ledger/open-target.js");
  return openConfiguredLedger(loaded.config, loaded.repoRoot);
}

export async function ledgerExportCommand(
  ctx: CliContext,
  file: string,
  options: TransferOptions = {},
): Promise<ExitCode> {
  const ledger = await openConfigured(ctx, options);
  try {
    const rows = await ledger.exportRecords();
    const target = resolve(ctx.cwd, file);
    await writeJsonAtomic(target, { format: FORMAT, version: 1, from: ledger.kind, rows });
    const open = rows.filter((r) => r.status === "reserved").length;
    ctx.out(
      `exported ${rows.length} row(s) from ${ledger.path} to ${target}` +
        (open > 0 ? ` (${open} still reserved: an import skips them)` : ""),
    );
  } finally {
    await ledger.close();
  }
  return EXIT.accepted;
}

async function readExport(path: string): Promise<LedgerRecord[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new InputError("ledger.import_file", `cannot read ${path} as a ledger export (${String(error)})`, {
      location: { file: path },
      hint: "import a file written by `leash ledger export FILE`",
    });
  }
  const d = data as { format?: unknown; rows?: unknown };
  if (d?.format !== FORMAT || !Array.isArray(d.rows)) {
    throw new InputError("ledger.import_file", `${path} is not a Leash ledger export`, {
      location: { file: path },
      hint: "import a file written by `leash ledger export FILE`",
    });
  }
  return d.rows as LedgerRecord[];
}

export async function ledgerImportCommand(
  ctx: CliContext,
  file: string,
  options: TransferOptions = {},
): Promise<ExitCode> {
  const path = resolve(ctx.cwd, file);
  const rows = await readExport(path);
  const { checkRecord } = await import("../budget/ledger/import-rows.js");
  for (const [i, row] of rows.entries()) checkRecord(row, i, path);
  const ledger = await openConfigured(ctx, options);
  try {
    const r = await ledger.importRecords(rows);
    ctx.out(
      `imported ${r.imported} row(s) into ${ledger.path}; ${r.duplicates} already there, ` +
        `${r.open} open reservation(s) skipped`,
    );
  } finally {
    await ledger.close();
  }
  return EXIT.accepted;
}
