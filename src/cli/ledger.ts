import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type EstimatorAccuracy, estimatorAccuracy } from "../budget/estimator-accuracy.js";
import type { Ledger, RemainingReport, TotalsDimension, TotalsRow } from "../budget/ledger/contract.js";
import { TOTALS_DIMENSIONS } from "../budget/ledger/contract.js";
import { formatUsd, toMicros } from "../budget/money.js";
import { renderPriceSources } from "../budget/render-catalog.js";
import type { LeashConfig } from "../config/schema.js";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import { renderEstimator, renderRemaining, renderTotals } from "../report/render-ledger.js";
import type { CliContext } from "./context.js";
import { loadRepoConfig } from "./load-repo-config.js";

interface LedgerOptions {
  by?: string;
  json?: boolean;
  config?: string;
  simulated?: boolean;
}

function parseDimension(by: string | undefined): TotalsDimension {
  const value = by ?? "project";
  if ((TOTALS_DIMENSIONS as readonly string[]).includes(value)) return value as TotalsDimension;
  throw new InputError("cli.ledger_by", `--by ${value} is not a ledger dimension`, {
    hint: `use one of: ${TOTALS_DIMENSIONS.join(", ")}`,
  });
}

async function locate(ctx: CliContext, configPath: string | undefined) {
  const loaded = await loadRepoConfig(ctx.cwd, configPath);
  return { loaded, config: loaded.config, path: resolve(loaded.repoRoot, loaded.config.ledger.path) };
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

/**
 * `leash ledger`: totals by a dimension, real and simulated spend apart, the money left at the
 * project and every role scope, and the estimator's error by model.
 */
export async function ledgerCommand(ctx: CliContext, options: LedgerOptions = {}): Promise<ExitCode> {
  const by = parseDimension(options.by);
  const { loaded, config, path } = await locate(ctx, options.config);
  let rows: TotalsRow[] = [];
  let remaining = emptyRemaining(config);
  let simulatedRemaining = emptyRemaining(config);
  let estimator: EstimatorAccuracy[] = [];
  // A read-only command does not create a ledger that is not there yet.
  if (existsSync(path)) {
    const ledger = await open(path);
    try {
      rows = await ledger.totals(by, config.project);
      const budgets = {
        projectUsd: config.budget.project_total_budget_usd,
        rolesUsd: config.budget.role_budgets_usd,
      };
      remaining = await ledger.remaining(budgets, { project: config.project });
      simulatedRemaining = await ledger.remaining(budgets, { project: config.project, simulated: true });
      estimator = estimatorAccuracy(await ledger.rows(config.project));
    } finally {
      await ledger.close();
    }
  }
  const real = rows.filter((r) => !r.simulated);
  const simulated = rows.filter((r) => r.simulated);
  if (options.json) {
    const catalog = loaded.catalog ?? null;
    ctx.out(
      JSON.stringify(
        {
          ledger: path,
          project: config.project,
          by,
          totals: real,
          simulatedTotals: simulated,
          remaining,
          simulatedRemaining,
          estimator,
          catalog,
        },
        null,
        2,
      ),
    );
    return EXIT.accepted;
  }
  if (!ctx.quiet) ctx.out(`ledger ${path} (project ${config.project})\n`);
  ctx.out(`real spend\n${renderTotals(by, real)}\n`);
  ctx.out(renderRemaining(config.project, remaining));
  if (simulated.length > 0) {
    ctx.out(
      `\nsimulated spend (fake provider and replays; limited on its own, never counted against real budgets)\n${renderTotals(by, simulated)}\n`,
    );
    ctx.out(renderRemaining(config.project, simulatedRemaining));
    if (!ctx.quiet) ctx.out("clear it with `leash ledger clear --simulated`");
  }
  ctx.out(`\n${renderEstimator(estimator)}`);
  if (!ctx.quiet) ctx.out(renderPriceSources(loaded));
  return EXIT.accepted;
}

/** `leash ledger clear --simulated`: removes simulated rows; real spend is a record and stays. */
export async function ledgerClearCommand(ctx: CliContext, options: LedgerOptions = {}): Promise<ExitCode> {
  if (!options.simulated) {
    throw new InputError("cli.ledger_clear", "`leash ledger clear` removes only simulated spend", {
      hint: "run `leash ledger clear --simulated`; real spend is never deleted",
    });
  }
  const { config, path } = await locate(ctx, options.config);
  if (!existsSync(path)) {
    ctx.out(`no ledger at ${path}: nothing to clear`);
    return EXIT.accepted;
  }
  const ledger = await open(path);
  try {
    const removed = await ledger.clearSimulated(config.project);
    ctx.out(
      `removed ${removed} simulated row${removed === 1 ? "" : "s"} of project ${config.project}; real spend untouched`,
    );
  } finally {
    ledger.close();
  }
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
