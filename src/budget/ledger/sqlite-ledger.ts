import { hostname } from "node:os";
import type BetterSqlite3 from "better-sqlite3";
import { InternalError, isLeashError } from "../../errors.js";
import { fromMicros, toMicros } from "../money.js";
import type {
  BudgetScope,
  Ledger,
  LedgerRow,
  ReconcileResult,
  RemainingBudgets,
  RemainingReport,
  RemainingScope,
  ReservationRequest,
  ReserveResult,
  Settlement,
  SettleOutcome,
  TotalsDimension,
  TotalsRow,
} from "./contract.js";
import { translateSqliteError } from "./ledger-errors.js";
import { processAlive } from "./process-alive.js";
import * as Q from "./queries.js";
import {
  type CallRecord,
  type ScopeMicros,
  type TotalsRecord,
  toLedgerRow,
  toScopeMoney,
  toTotalsRow,
} from "./row-mapping.js";

type Money = { spent: number; reserved: number };

// NaN compares false with everything, so a NaN budget would pass any call: refuse it loudly.
function refuseBadAmounts(r: ReservationRequest): void {
  const amounts = { projectedUsd: r.projectedUsd, ...r.budgets };
  for (const [name, value] of Object.entries(amounts)) {
    if (value === undefined && name === "roleUsd") continue;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new InternalError(
        "ledger.bad_amount",
        `reservation ${name} is ${String(value)}, not a finite amount >= 0`,
        {
          details: { [name]: value },
        },
      );
    }
  }
}

/** The ledger on SQLite. The work is synchronous inside: a row is committed before the promise resolves. */
export class SqliteLedger implements Ledger {
  private readonly host = hostname();
  private readonly sumTask: BetterSqlite3.Statement<unknown[], Money>;
  private readonly sumRole: BetterSqlite3.Statement<unknown[], Money>;
  private readonly sumProject: BetterSqlite3.Statement<unknown[], Money>;
  private readonly insert: BetterSqlite3.Statement;
  private readonly reserveTx: (r: ReservationRequest) => ReserveResult;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly path: string,
  ) {
    this.sumTask = db.prepare(Q.SUM_TASK);
    this.sumRole = db.prepare(Q.SUM_ROLE);
    this.sumProject = db.prepare(Q.SUM_PROJECT);
    this.insert = db.prepare(Q.INSERT_RESERVATION);
    const tx = db.transaction((r: ReservationRequest) => this.reserveInside(r));
    // BEGIN IMMEDIATE takes the write lock before reading, so no other process can reserve
    // between our sums and our insert.
    this.reserveTx = (r) => tx.immediate(r);
  }

  async reserve(request: ReservationRequest): Promise<ReserveResult> {
    return this.guard(() => this.reserveTx(request));
  }

  private reserveInside(r: ReservationRequest): ReserveResult {
    refuseBadAmounts(r);
    const projected = toMicros(r.projectedUsd);
    const sim = r.simulated ? 1 : 0;
    const scopes: { scope: BudgetScope; limit: number | undefined; money: () => Money }[] = [
      {
        scope: "task",
        limit: r.budgets.taskUsd,
        money: () => this.sumTask.get(r.project, r.runId, r.taskId, sim) as Money,
      },
      {
        scope: "role",
        limit: r.budgets.roleUsd,
        money: () => this.sumRole.get(r.project, r.role, sim) as Money,
      },
      {
        scope: "project",
        limit: r.budgets.projectUsd,
        money: () => this.sumProject.get(r.project, sim) as Money,
      },
    ];
    for (const s of scopes) {
      if (s.limit === undefined) continue;
      const limit = toMicros(s.limit);
      const m = s.money();
      if (m.spent + m.reserved + projected > limit) {
        return {
          ok: false,
          scope: s.scope,
          projectedUsd: projected / 1e6,
          ...toScopeMoney({ limit, spent: m.spent, reserved: m.reserved }),
        };
      }
    }
    const { budgets: _budgets, projectedUsd: _projected, simulated: _simulated, ...columns } = r;
    const info = this.insert.run({
      ...columns,
      simulated: sim,
      projectedMicros: projected,
      time: new Date().toISOString(),
      host: this.host,
    });
    return { ok: true, id: Number(info.lastInsertRowid) };
  }

  async settle(id: number, s: Settlement): Promise<SettleOutcome> {
    this.close1(id, Q.SETTLE, {
      id,
      actualModel: s.actualModel,
      actualTier: s.actualTier,
      input: s.usage.input,
      cachedInput: s.usage.cachedInput,
      output: s.usage.output,
      reasoning: s.usage.reasoning,
      actualMicros: toMicros(s.actualUsd),
      error: s.error ?? null,
    });
    const overrun = this.guard(() => this.db.prepare(Q.OVERRUN_OF).pluck().get(id) as number);
    return { overrunUsd: fromMicros(overrun) };
  }

  async clearSimulated(project?: string): Promise<number> {
    return this.guard(() => {
      const sql = project === undefined ? Q.CLEAR_SIMULATED : `${Q.CLEAR_SIMULATED} AND project = ?`;
      const stmt = this.db.prepare(sql);
      return (project === undefined ? stmt.run() : stmt.run(project)).changes;
    });
  }

  async settleAtProjected(id: number, reason: string): Promise<void> {
    this.close1(id, Q.SETTLE_AT_PROJECTED, { id, error: `usage not reported: ${reason}` });
  }

  async release(id: number, error: string): Promise<void> {
    this.close1(id, Q.RELEASE, { id, error });
  }

  private close1(id: number, sql: string, params: Record<string, unknown>): void {
    this.guard(() => {
      const info = this.db.prepare(sql).run({ ...params, time: new Date().toISOString() });
      if (info.changes === 1) return;
      const row = this.db.prepare(Q.STATUS_OF).get(id) as { status: string } | undefined;
      throw new InternalError(
        "ledger.not_reserved",
        row ? `ledger row ${id} is ${row.status}, not reserved` : `ledger row ${id} does not exist`,
        { location: { file: this.path }, details: { id } },
      );
    });
  }

  async reconcile(): Promise<ReconcileResult> {
    return this.guard(() => {
      const run = this.db.transaction((): ReconcileResult => {
        const result: ReconcileResult = { reconciled: [], stillRunning: 0, otherHost: 0 };
        const update = this.db.prepare(Q.RECONCILE_ONE);
        for (const rec of this.db.prepare(Q.OPEN_RESERVATIONS).all() as CallRecord[]) {
          if (rec.host !== this.host) result.otherHost++;
          else if (processAlive(rec.pid)) result.stillRunning++;
          else {
            const error = `process ${rec.pid} ended before settling; counted at the projected cost`;
            update.run({ id: rec.id, error, time: new Date().toISOString() });
            result.reconciled.push(
              toLedgerRow({ ...rec, status: "reconciled", actual_micros: rec.projected_micros, error }),
            );
          }
        }
        return result;
      });
      return run.immediate();
    });
  }

  async totals(by: TotalsDimension, project?: string): Promise<TotalsRow[]> {
    return this.guard(() => {
      const stmt = this.db.prepare(Q.totalsSql(by, project !== undefined));
      const records = (project === undefined ? stmt.all() : stmt.all(project)) as TotalsRecord[];
      return records.map(toTotalsRow);
    });
  }

  async remaining(budgets: RemainingBudgets, scope: RemainingScope): Promise<RemainingReport> {
    return this.guard(() => {
      const read = this.db.transaction((): RemainingReport => {
        const money = (limitUsd: number, m: Money): ScopeMicros => ({ limit: toMicros(limitUsd), ...m });
        const sim = scope.simulated ? 1 : 0;
        const report: RemainingReport = {
          project: toScopeMoney(money(budgets.projectUsd, this.sumProject.get(scope.project, sim) as Money)),
          roles: {},
        };
        for (const [role, usd] of Object.entries(budgets.rolesUsd ?? {})) {
          report.roles[role] = toScopeMoney(money(usd, this.sumRole.get(scope.project, role, sim) as Money));
        }
        if (budgets.taskUsd !== undefined && scope.runId !== undefined && scope.taskId !== undefined) {
          const m = this.sumTask.get(scope.project, scope.runId, scope.taskId, sim) as Money;
          report.task = toScopeMoney(money(budgets.taskUsd, m));
        }
        return report;
      });
      return read();
    });
  }

  async rows(project?: string): Promise<LedgerRow[]> {
    return this.guard(() => {
      const sql = `SELECT * FROM calls ${project === undefined ? "" : "WHERE project = ?"} ORDER BY id`;
      const stmt = this.db.prepare(sql);
      return ((project === undefined ? stmt.all() : stmt.all(project)) as CallRecord[]).map(toLedgerRow);
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw isLeashError(error) ? error : translateSqliteError(this.path, error);
    }
  }
}
