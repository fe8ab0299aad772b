import { hostname } from "node:os";
import type pg from "pg";
import { InternalError } from "../../../errors.js";
import { fromMicros, toMicros } from "../../money.js";
import { firstExceeded, type Money, refuseBadAmounts, scopesOf } from "../check-scopes.js";
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
} from "../contract.js";
import { IDENTITY_COLUMNS, importColumns } from "../import-rows.js";
import { LeaseKeeper } from "../lease.js";
import * as Q from "../queries.js";
import {
  type CallRecord,
  type TotalsRecord,
  toLedgerRow,
  toScopeMoney,
  toTotalsRow,
} from "../row-mapping.js";
import { isConnectionLost, isRetryable, translatePgError } from "./pg-errors.js";
import * as P from "./pg-queries.js";

const SUMS: Record<BudgetScope, string> = {
  task: P.numbered(Q.SUM_TASK),
  role: P.numbered(Q.SUM_ROLE),
  project: P.numbered(Q.SUM_PROJECT),
  team: P.numbered(Q.SUM_TEAM),
};

/** Deadlocks and serialization failures are retried this many times, with jitter, then refused. */
const MAX_TX_ATTEMPTS = 5;

type Client = pg.PoolClient;

/**
 * The ledger on PostgreSQL, shared by every machine that names the same URL. A reservation
 * locks its team's and project's rows in `budget_scopes` (always team first, then project, so
 * two reservations never wait on each other in a cycle), then sums and inserts in the same
 * transaction: every other reservation on those scopes waits for the commit, and READ
 * COMMITTED gives each statement after the lock a snapshot that includes everything committed
 * before it. Role and task scopes lie inside their project, so the project lock covers them.
 */
export class PostgresLedger implements Ledger {
  readonly kind = "postgres" as const;
  private readonly host = hostname();
  private readonly leases: LeaseKeeper;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    /** The URL without its password. */
    readonly path: string,
    leaseMs: number,
  ) {
    this.leases = new LeaseKeeper(leaseMs, async (ids) => {
      await this.pool.query(P.RENEW_LEASES, [ids, leaseMs]);
    });
  }

  async reserve(r: ReservationRequest): Promise<ReserveResult> {
    refuseBadAmounts(r);
    const projected = toMicros(r.projectedUsd);
    const result = await this.transaction(async (c) => {
      if (r.team) await c.query(P.LOCK_SCOPE, ["team", r.team]);
      await c.query(P.LOCK_SCOPE, ["project", r.project]);
      // Every reservation releases what vanished processes left in its scopes, before it counts.
      await c.query(P.EXPIRE_IN_SCOPES, [
        Q.LEASE_EXPIRED,
        new Date().toISOString(),
        r.project,
        r.team ?? null,
      ]);
      const args = scopeArgs(r);
      const checks = [];
      for (const s of scopesOf(r)) {
        const money = (await c.query<Money>(SUMS[s.scope], args[s.scope])).rows[0] ?? {
          spent: 0,
          reserved: 0,
        };
        checks.push({
          scope: s.scope,
          limit: s.limitUsd === undefined ? undefined : toMicros(s.limitUsd),
          money,
        });
      }
      const refused = firstExceeded(projected, checks);
      if (refused) return refused;
      const inserted = await c.query<{ id: number }>(P.INSERT_RESERVATION, [
        new Date().toISOString(),
        r.project,
        r.runId,
        r.taskId,
        r.attempt,
        r.role,
        r.provider,
        r.model,
        r.requestedTier,
        r.reasoningEffort,
        r.estimatedInputTokens,
        r.estimatedCachedTokens,
        r.estimatedOutputTokens,
        r.estimatedReasoningTokens,
        projected,
        r.pid,
        this.host,
        r.team ?? null,
        this.leases.leaseMs,
        r.simulated ? 1 : 0,
      ]);
      return { ok: true as const, id: Number(inserted.rows[0]?.id) };
    });
    if (result.ok) this.leases.hold(result.id);
    return result;
  }

  async settle(id: number, s: Settlement): Promise<SettleOutcome> {
    const info = await this.close1<{ overrun_micros: number }>(id, P.SETTLE, [
      id,
      s.actualModel,
      s.actualTier,
      s.usage.input,
      s.usage.cachedInput,
      s.usage.output,
      s.usage.reasoning,
      toMicros(s.actualUsd),
      s.error ?? null,
      new Date().toISOString(),
    ]);
    return { overrunUsd: fromMicros(info.rows[0]?.overrun_micros ?? 0) };
  }

  async clearSimulated(project?: string): Promise<number> {
    const sql = project === undefined ? Q.CLEAR_SIMULATED : `${Q.CLEAR_SIMULATED} AND project = $1`;
    return (await this.query(sql, project === undefined ? [] : [project])).rowCount ?? 0;
  }

  async settleAtProjected(id: number, reason: string): Promise<void> {
    await this.close1(id, P.SETTLE_AT_PROJECTED, [
      id,
      `usage not reported: ${reason}`,
      new Date().toISOString(),
    ]);
  }

  async release(id: number, error: string): Promise<void> {
    await this.close1(id, P.RELEASE, [id, error, new Date().toISOString()]);
  }

  private async close1<T extends pg.QueryResultRow = pg.QueryResultRow>(
    id: number,
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<T>> {
    this.leases.drop(id);
    const info = await this.query<T>(sql, params);
    if (info.rowCount === 1) return info;
    const row = (await this.query<{ status: string }>(P.numbered(Q.STATUS_OF), [id])).rows[0];
    throw new InternalError(
      "ledger.not_reserved",
      row ? `ledger row ${id} is ${row.status}, not reserved` : `ledger row ${id} does not exist`,
      { location: { field: "ledger.url" }, details: { id } },
    );
  }

  /** On a shared ledger a pid means nothing across machines: only an expired lease releases. */
  async reconcile(): Promise<ReconcileResult> {
    const expired = await this.query<CallRecord>(P.EXPIRE_ALL, [Q.LEASE_EXPIRED, new Date().toISOString()]);
    const counts = (await this.query<{ open: number; other: number }>(P.OPEN_COUNTS, [this.host])).rows[0];
    return {
      reconciled: expired.rows.sort((a, b) => a.id - b.id).map(toLedgerRow),
      stillRunning: counts?.open ?? 0,
      otherHost: counts?.other ?? 0,
    };
  }

  async totals(by: TotalsDimension, project?: string): Promise<TotalsRow[]> {
    const sql = P.numbered(Q.totalsSql(by, project !== undefined));
    const records = await this.query<TotalsRecord>(sql, project === undefined ? [] : [project]);
    return records.rows.map(toTotalsRow);
  }

  async remaining(budgets: RemainingBudgets, scope: RemainingScope): Promise<RemainingReport> {
    return this.transaction(async (c) => {
      const args = scopeArgs(scope);
      const money = async (s: BudgetScope, limitUsd: number, values = args[s]) => {
        const m = (await c.query<Money>(SUMS[s], values)).rows[0] ?? { spent: 0, reserved: 0 };
        return toScopeMoney({ limit: toMicros(limitUsd), ...m });
      };
      const report: RemainingReport = { project: await money("project", budgets.projectUsd), roles: {} };
      if (scope.team && budgets.teamUsd !== undefined) report.team = await money("team", budgets.teamUsd);
      for (const [role, usd] of Object.entries(budgets.rolesUsd ?? {})) {
        report.roles[role] = await money("role", usd, [scope.project, role, scope.simulated ? 1 : 0]);
      }
      if (budgets.taskUsd !== undefined && scope.runId !== undefined && scope.taskId !== undefined) {
        report.task = await money("task", budgets.taskUsd);
      }
      return report;
    }, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  async rows(project?: string): Promise<LedgerRow[]> {
    const sql = `SELECT * FROM calls ${project === undefined ? "" : "WHERE project = $1"} ORDER BY id`;
    return (await this.query<CallRecord>(sql, project === undefined ? [] : [project])).rows.map(toLedgerRow);
  }

  async exportRecords(): Promise<LedgerRecord[]> {
    return (await this.query<LedgerRecord>("SELECT * FROM calls ORDER BY id", [])).rows;
  }

  async importRecords(records: LedgerRecord[]): Promise<ImportResult> {
    return this.transaction(async (c) => {
      const columns = new Set(
        (await c.query<{ column_name: string }>(P.TABLE_COLUMNS)).rows.map((r) => r.column_name),
      );
      const exists = `SELECT 1 FROM calls WHERE ${IDENTITY_COLUMNS.map((col, i) => `${col} = $${i + 1}`).join(" AND ")}`;
      const result: ImportResult = { imported: 0, duplicates: 0, open: 0 };
      for (const record of records) {
        if (record.status === "reserved") {
          result.open++;
          continue;
        }
        if (
          (
            await c.query(
              exists,
              IDENTITY_COLUMNS.map((col) => record[col]),
            )
          ).rowCount
        ) {
          result.duplicates++;
          continue;
        }
        const cols = importColumns(record, columns);
        const sql = `INSERT INTO calls (${cols.join(", ")}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(", ")})`;
        await c.query(
          sql,
          cols.map((col) => record[col]),
        );
        result.imported++;
      }
      return result;
    });
  }

  async close(): Promise<void> {
    this.leases.stop();
    if (this.closed) return;
    this.closed = true;
    await this.pool.end().catch(() => undefined);
  }

  private async query<T extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<T>> {
    try {
      return await this.pool.query<T>(sql, params);
    } catch (error) {
      throw translatePgError(this.path, error);
    }
  }

  /** One transaction on one connection, retried (bounded, with jitter) on deadlock or serialization failure. */
  private async transaction<T>(work: (c: Client) => Promise<T>, begin = "BEGIN"): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let client: Client;
      try {
        client = await this.pool.connect();
      } catch (error) {
        throw translatePgError(this.path, error);
      }
      let broken: unknown;
      let begun = false;
      try {
        await client.query(begin);
        begun = true;
        const out = await work(client);
        await client.query("COMMIT");
        return out;
      } catch (error) {
        if (isConnectionLost(error)) broken = error;
        else await client.query("ROLLBACK").catch((e: unknown) => (broken = e));
        // A pooled connection the server dropped while idle fails at BEGIN, before anything of
        // ours ran: a fresh connection may try again. Lost after BEGIN, the outcome is unknown.
        const staleAtBegin = !begun && broken !== undefined;
        if ((isRetryable(error) || staleAtBegin) && attempt < MAX_TX_ATTEMPTS) {
          await new Promise((done) => setTimeout(done, 5 + Math.random() * 20 * attempt));
          continue;
        }
        throw translatePgError(this.path, error);
      } finally {
        // A connection that failed mid-transaction is thrown away, never reused.
        client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
      }
    }
  }
}

function scopeArgs(r: {
  project: string;
  runId?: string;
  taskId?: string;
  role?: string;
  team?: string | null;
  simulated?: boolean;
}): Record<BudgetScope, unknown[]> {
  // Real and simulated calls are summed apart at every scope (the last parameter).
  const sim = r.simulated ? 1 : 0;
  return {
    task: [r.project, r.runId, r.taskId, sim],
    role: [r.project, r.role, sim],
    project: [r.project, sim],
    team: [r.team, sim],
  };
}
