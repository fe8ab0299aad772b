import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Ledger, RemainingReport, TotalsDimension, TotalsRow } from "../budget/ledger/contract.js";
import { TOTALS_DIMENSIONS } from "../budget/ledger/contract.js";
import { formatUsd, toMicros } from "../budget/money.js";
import { renderRemaining, renderTotals } from "../budget/render-ledger.js";
import { loadConfig } from "../config/load.js";
import type { LeashConfig } from "../config/schema.js";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import type { CliContext } from "./context.js";

interface LedgerOptions {
  by?: string;
  json?: boolean;
  config?: string;
}

function parseDimension(by: string | undefined): TotalsDimension {
  const value = by ?? "project";
  if ((TOTALS_DIMENSIONS as readonly string[]).includes(value)) return value as TotalsDimension;
  throw new InputError("cli.ledger_by", `--by ${value} is not a ledger dimension`, {
    hint: `use one of: ${TOTALS_DIMENSIONS.join(", ")}`,
  });
}

async function locate(ctx: CliContext, configPath: string | undefined) {
  const loaded = await loadConfig({ cwd: ctx.cwd, ...(configPath ? { configPath } : {}) });
  return { config: loaded.config, path: resolve(loaded.repoRoot, loaded.config.ledger.path) };
}

// Only commands that need it load SQLite.
async function open(path: string): Promise<Ledger> {
  const { openLedger } = await import("../budget/ledger/open.js");
  return openLedger(path);
}

function emptyRemaining(config: LeashConfig): RemainingReport {
  const full = (limitUsd: number) => ({ limitUsd, spentUsd: 0, reservedUsd: 0, remainingUsd: limitUsd });
  const roles = Object.fromEntries(
    Object.entries(config.budget.role_budgets_usd).map(([r, usd]) => [r, full(usd)]),
  );
  return { project: full(config.budget.project_total_budget_usd), roles };
}

/** `leash ledger`: totals by a dimension and the money left at project and every role scope. */
export async function ledgerCommand(ctx: CliContext, options: LedgerOptions = {}): Promise<ExitCode> {
  const by = parseDimension(options.by);
  const { config, path } = await locate(ctx, options.config);
  let rows: TotalsRow[] = [];
  let remaining = emptyRemaining(config);
  // A read-only command does not create a ledger that is not there yet.
  if (existsSync(path)) {
    const ledger = await open(path);
    try {
      rows = await ledger.totals(by, config.project);
      remaining = await ledger.remaining(
        { projectUsd: config.budget.project_total_budget_usd, rolesUsd: config.budget.role_budgets_usd },
        { project: config.project },
      );
    } finally {
      await ledger.close();
    }
  }
  if (options.json) {
    ctx.out(JSON.stringify({ ledger: path, project: config.project, by, totals: rows, remaining }, null, 2));
    return EXIT.accepted;
  }
  if (!ctx.quiet) ctx.out(`ledger ${path} (project ${config.project})\n`);
  ctx.out(`${renderTotals(by, rows)}\n`);
  ctx.out(renderRemaining(config.project, remaining));
  return EXIT.accepted;
}

/** `leash ledger reconcile`: reservations whose process died are settled at their projected cost. */
export async function ledgerReconcileCommand(
  ctx: CliContext,
  options: LedgerOptions = {},
): Promise<ExitCode> {
  const { path } = await locate(ctx, options.config);
  if (!existsSync(path)) {
    ctx.out(`no ledger at ${path}: nothing to reconcile`);
    return EXIT.accepted;
  }
  const ledger = await open(path);
  try {
    const result = await ledger.reconcile();
    for (const row of result.reconciled) {
      ctx.out(
        `reconciled #${row.id} ${row.project} ${row.runId}/${row.taskId} attempt ${row.attempt} ${row.role} ` +
          `${row.model}: process ${row.pid} is gone; counted at projected ${formatUsd(toMicros(row.projectedUsd))}`,
      );
    }
    ctx.out(
      `${result.reconciled.length} reconciled, ${result.stillRunning} still running, ` +
        `${result.otherHost} from another host left as reserved`,
    );
  } finally {
    await ledger.close();
  }
  return EXIT.accepted;
}
