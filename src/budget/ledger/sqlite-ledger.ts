import { hostname } from "node:os";
import type BetterSqlite3 from "better-sqlite3";
import { InternalError, isLeashError } from "../../errors.js";
import { isProcessAlive } from "../../exec/process-alive.js";
import { fromMicros, toMicros } from "../money.js";
import { firstExceeded, type Money, refuseBadAmounts, scopesOf } from "./check-scopes.js";
import type {
  BudgetScope,
  ImportResult,
  Ledger,
  LedgerRecord,
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
import { IDENTITY_COLUMNS, importColumns } from "./import-rows.js";
import { LeaseKeeper } from "./lease.js";
import { translateSqliteError } from "./ledger-errors.js";
import * as Q from "./queries.js";
import {
  type CallRecord,
  type ScopeMicros,
  type TotalsRecord,
  toLedgerRow,
  toScopeMoney,
  toTotalsRow,
} from "./row-mapping.js";

/**
 * The ledger on SQLite. The work is synchronous inside: a row is committed before the promise
 * resolves. BEGIN IMMEDIATE takes the file's write lock before reading, so no other process
 * can reserve between our sums and our insert.
 */
export class SqliteLedger implements Ledger {
  readonly kind = "sqlite" as const;
  private readonly host = hostname();
  private readonly sums: Record<BudgetScope, BetterSqlite3.Statement<unknown[], Money>>;
  private readonly insert: BetterSqlite3.Statement;
  private readonly expire: BetterSqlite3.Statement;
  private readonly reserveTx: (r: ReservationRequest) => ReserveResult;
  private readonly leases: LeaseKeeper;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly path: string,
    leaseMs: number,
  ) {
    this.sums = {
      task: db.prepare(Q.SUM_TASK),
      role: db.prepare(Q.SUM_ROLE),
      project: db.prepare(Q.SUM_PROJECT),
      team: db.prepare(Q.SUM_TEAM),
    };
    this.insert = db.prepare(Q.INSERT_RESERVATION);
    this.expire = db.prepare(Q.EXPIRE_LEASES);
    const renew = db.prepare(Q.RENEW_LEASES);
    this.leases = new LeaseKeeper(leaseMs, async (ids) => {
      renew.run({ ids: JSON.stringify(ids), until: Date.now() + leaseMs });
    });
    const tx = db.transaction((r: ReservationRequest) => this.reserveInside(r));
    this.reserveTx = (r) => tx.immediate(r);
  }

  async reserve(request: ReservationRequest): Promise<ReserveResult> {
    const result = this.guard(() => this.reserveTx(request));
    if (result.ok) this.leases.hold(result.id);
    return result;
  }

  private scopeArgs(r: {
    project: string;
    runId?: string;
    taskId?: string;
    role?: string;
    team?: string | null;
    simulated?: boolean;
  }) {
    // Real and simulated calls are summed apart at every scope (the last parameter).
    const sim = r.simulated ? 1 : 0;
    return {
      task: [r.project, r.runId, r.taskId, sim],
      role: [r.project, r.role, sim],
      project: [r.project, sim],
      team: [r.team, sim],
    } satisfies Record<BudgetScope, unknown[]>;
  }

  private reserveInside(r: ReservationRequest): ReserveResult {
    refuseBadAmounts(r);
    const now = Date.now();
    // Every reservation releases what vanished processes left, before it counts.
    this.expire.run({ now, error: Q.LEASE_EXPIRED, time: new Date(now).toISOString() });
    const projected = toMicros(r.projectedUsd);
    const args = this.scopeArgs(r);
    const refused = firstExceeded(
      projected,
      scopesOf(r).map((s) => ({
        scope: s.scope,
        limit: s.limitUsd === undefined ? undefined : toMicros(s.limitUsd),
        money: this.sums[s.scope].get(...args[s.scope]) as Money,
      })),
    );
    if (refused) return refused;
    const { budgets: _budgets, projectedUsd: _projected, simulated: _simulated, ...columns } = r;
    const info = this.insert.run({
      ...columns,
      simulated: r.simulated ? 1 : 0,
      team: r.team ?? null,
      projectedMicros: projected,
      time: new Date(now).toISOString(),
      host: this.host,
      leaseUntilMs: now + this.leases.leaseMs,
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
    this.leases.drop(id);
    this.guard(() => {
      const info = this.db.prepare(sql).run(params);
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
        const now = Date.now();
        for (const rec of this.db.prepare(Q.OPEN_RESERVATIONS).all() as CallRecord[]) {
          const expired = rec.lease_until_ms !== null && rec.lease_until_ms < now;
          // On one machine a dead pid is proof at once; elsewhere only the lease can tell.
          const dead = rec.host === this.host && !isProcessAlive(rec.pid);
          if (expired || dead) {
            const error = expired
              ? Q.LEASE_EXPIRED
              : `process ${rec.pid} ended before settling; counted at the projected cost`;
            update.run({ id: rec.id, error, time: new Date(now).toISOString() });
            result.reconciled.push(
              toLedgerRow({ ...rec, status: "reconciled", actual_micros: rec.projected_micros, error }),
            );
          } else {
            result.stillRunning++;
            if (rec.host !== this.host) result.otherHost++;
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
        const args = this.scopeArgs(scope);
        const money = (s: BudgetScope, limitUsd: number): ScopeMicros => ({
          limit: toMicros(limitUsd),
          ...(this.sums[s].get(...args[s]) as Money),
        });
        const report: RemainingReport = {
          project: toScopeMoney(money("project", budgets.projectUsd)),
          roles: {},
        };
        if (scope.team && budgets.teamUsd !== undefined) {
          report.team = toScopeMoney(money("team", budgets.teamUsd));
        }
        for (const [role, usd] of Object.entries(budgets.rolesUsd ?? {})) {
          report.roles[role] = toScopeMoney({
            limit: toMicros(usd),
            ...(this.sums.role.get(scope.project, role, scope.simulated ? 1 : 0) as Money),
          });
        }
        if (budgets.taskUsd !== undefined && scope.runId !== undefined && scope.taskId !== undefined) {
          report.task = toScopeMoney(money("task", budgets.taskUsd));
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

  async exportRecords(): Promise<LedgerRecord[]> {
    return this.guard(() => this.db.prepare("SELECT * FROM calls ORDER BY id").all() as LedgerRecord[]);
  }

  async importRecords(records: LedgerRecord[]): Promise<ImportResult> {
    return this.guard(() => {
      const columns = new Set(
        (this.db.prepare("SELECT name FROM pragma_table_info('calls')").all() as { name: string }[]).map(
          (c) => c.name,
        ),
      );
      const exists = this.db.prepare(
        `SELECT 1 FROM calls WHERE ${IDENTITY_COLUMNS.map((c) => `${c} = ?`).join(" AND ")}`,
      );
      const all = this.db.transaction((): ImportResult => {
        const result: ImportResult = { imported: 0, duplicates: 0, open: 0 };
        for (const record of records) {
          if (record.status === "reserved") result.open++;
          else if (exists.get(...IDENTITY_COLUMNS.map((c) => record[c]))) result.duplicates++;
          else {
            const cols = importColumns(record, columns);
            this.db
              .prepare(`INSERT INTO calls (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`)
              .run(...cols.map((c) => record[c]));
            result.imported++;
          }
        }
        return result;
      });
      return all.immediate();
    });
  }

  async close(): Promise<void> {
    this.leases.stop();
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
