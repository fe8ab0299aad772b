import { type EstimatorAccuracy, estimatorAccuracy } from "../budget/estimator-accuracy.js";
import type { Ledger, RemainingReport, TotalsDimension, TotalsRow } from "../budget/ledger/contract.js";
import { TOTALS_DIMENSIONS } from "../budget/ledger/contract.js";
import { LEASE_EXPIRED } from "../budget/ledger/queries.js";
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
  const { configuredTarget } = await import("../budget/ledger/open-target.js");
  const { describeTarget } = await import("../budget/ledger/target.js");
  const target = configuredTarget(loaded.config, loaded.repoRoot);
  return { loaded, config: loaded.config, repoRoot: loaded.repoRoot, shown: describeTarget(target) };
}

// Only commands that need it load SQLite or the PostgreSQL client.
async function openExisting(config: LeashConfig, repoRoot: string): Promise<Ledger | null> {
  const { openExistingLedger } = await import("../budget/ledger/open-target.js");
  return openExistingLedger(config, repoRoot);
}

function emptyRemaining(config: LeashConfig): RemainingReport {
  const full = (limitUsd: number) => ({ limitUsd, spentUsd: 0, reservedUsd: 0, remainingUsd: limitUsd });
  const roles = Object.fromEntries(
    Object.entries(config.budget.role_budgets_usd).map(([r, usd]) => [r, full(usd)]),
  );
  const report: RemainingReport = { project: full(config.budget.project_total_budget_usd), roles };
  const teamUsd = config.budget.team_total_budget_usd;
  if (config.budget.team && teamUsd !== undefined && teamUsd !== null) report.team = full(teamUsd);
  return report;
}

/**
 * `leash ledger`: totals by a dimension, real and simulated spend apart, the money left at the
 * project and every role scope, and the estimator's error by model.
 */
export async function ledgerCommand(ctx: CliContext, options: LedgerOptions = {}): Promise<ExitCode> {
  const by = parseDimension(options.by);
  const { loaded, config, repoRoot, shown } = await locate(ctx, options.config);
  let rows: TotalsRow[] = [];
  let remaining = emptyRemaining(config);
  let simulatedRemaining = emptyRemaining(config);
  let estimator: EstimatorAccuracy[] = [];
  // A read-only command does not create a ledger that is not there yet.
  const ledger = await openExisting(config, repoRoot);
  if (ledger) {
    try {
      rows = await ledger.totals(by, config.project);
      const budgets = {
        projectUsd: config.budget.project_total_budget_usd,
        rolesUsd: config.budget.role_budgets_usd,
        teamUsd: config.budget.team_total_budget_usd ?? undefined,
      };
      const scope = { project: config.project, team: config.budget.team ?? null };
      remaining = await ledger.remaining(budgets, scope);
      simulatedRemaining = await ledger.remaining(budgets, { ...scope, simulated: true });
      estimator = estimatorAccuracy(await ledger.rows(config.project));
    } finally {
      await ledger.close();
    }
  }
  const real = rows.filter((r) => !r.simulated);
  const simulated = rows.filter((r) => r.simulated);
  const team = config.budget.team ?? null;
  if (options.json) {
    const catalog = loaded.catalog ?? null;
    ctx.out(
      JSON.stringify(
        {
          ledger: shown,
          project: config.project,
          team,
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
  if (!ctx.quiet) ctx.out(`ledger ${shown} (project ${config.project}${team ? `, team ${team}` : ""})\n`);
  ctx.out(`real spend\n${renderTotals(by, real)}\n`);
  ctx.out(renderRemaining(config.project, remaining, team));
  if (simulated.length > 0) {
    ctx.out(
      `\nsimulated spend (fake provider and replays; limited on its own, never counted against real budgets)\n${renderTotals(by, simulated)}\n`,
    );
    ctx.out(renderRemaining(config.project, simulatedRemaining, team));
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
  const { config, repoRoot, shown } = await locate(ctx, options.config);
  const ledger = await openExisting(config, repoRoot);
  if (!ledger) {
    ctx.out(`no ledger at ${shown}: nothing to clear`);
    return EXIT.accepted;
  }
  try {
    const removed = await ledger.clearSimulated(config.project);
    ctx.out(
      `removed ${removed} simulated row${removed === 1 ? "" : "s"} of project ${config.project}; real spend untouched`,
    );
  } finally {
    await ledger.close();
  }
  return EXIT.accepted;
}

/**
 * `leash ledger reconcile`: reservations whose lease expired (or, on SQLite, whose local
 * process died) are closed at their projected cost.
 */
export async function ledgerReconcileCommand(
  ctx: CliContext,
  options: LedgerOptions = {},
): Promise<ExitCode> {
  const { config, repoRoot, shown } = await locate(ctx, options.config);
  const ledger = await openExisting(config, repoRoot);
  if (!ledger) {
    ctx.out(`no ledger at ${shown}: nothing to reconcile`);
    return EXIT.accepted;
  }
  try {
    const result = await ledger.reconcile();
    for (const row of result.reconciled) {
      ctx.out(
        `reconciled #${row.id} ${row.project} ${row.runId}/${row.taskId} attempt ${row.attempt} ${row.role} ` +
          `${row.model}: ${row.error === LEASE_EXPIRED ? `the lease of process ${row.pid} on ${row.host} expired` : `process ${row.pid} is gone`}; counted at projected ${formatUsd(toMicros(row.projectedUsd))}`,
      );
    }
    ctx.out(
      `${result.reconciled.length} reconciled, ${result.stillRunning} still running ` +
        `(${result.otherHost} on another host, held until their lease expires)`,
    );
  } finally {
    await ledger.close();
  }
  return EXIT.accepted;
}
