// Reservations per second on the two ledger stores, one process and eight processes at once:
// SQLite (one file, WAL, synchronous=FULL) vs PostgreSQL (a throwaway local cluster with its
// default durability: fsync on, synchronous_commit on). Each reservation is a full reserve
// transaction (scope locks, lease expiry, sums, insert) followed by its settlement.
// Runs against the built dist/; skips PostgreSQL, saying so, when no server binaries exist.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openLedgerAt } from "../dist/budget/ledger/open-target.js";
import { ledgerTarget } from "../dist/budget/ledger/target.js";
import { findPostgresBin, startCluster, stopCluster } from "../scripts/pg-throwaway.mjs";
import { benchReservation } from "./lib/reservation.mjs";

const PER_PROCESS = Number(process.env.LEASH_BENCH_RESERVATIONS ?? 300);

function target(where) {
  return where.startsWith("postgres")
    ? ledgerTarget({ path: "x", url: where }, process.cwd(), {})
    : ledgerTarget({ path: where }, process.cwd(), {});
}

async function reserveMany(where, worker, n) {
  const ledger = await openLedgerAt(target(where), 60_000, { busyTimeoutMs: 120_000 });
  for (let i = 0; i < n; i++) {
    const r = await ledger.reserve(
      benchReservation(worker, i, {
        project: `bench-${worker % 4}`,
        team: "bench",
        budgets: { taskUsd: 1e6, roleUsd: 1e6, projectUsd: 1e6, teamUsd: 1e6 },
      }),
    );
    if (!r.ok) throw new Error("unexpected refusal");
    await ledger.settleAtProjected(r.id, "bench");
  }
  await ledger.close();
}

async function race(where, processes) {
  const workers = Array.from({ length: processes }, (_, w) =>
    fork(import.meta.filename, ["worker", where, String(w)], { stdio: "inherit" }),
  );
  await Promise.all(workers.map((w) => new Promise((ok) => w.once("message", ok))));
  const t0 = performance.now();
  const done = workers.map((w) => new Promise((ok) => w.once("exit", ok)));
  for (const w of workers) w.send("go");
  const codes = await Promise.all(done);
  if (codes.some((c) => c !== 0)) throw new Error(`a worker failed: ${codes}`);
  return (processes * PER_PROCESS) / ((performance.now() - t0) / 1000);
}

async function createDb(admin, name) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

if (process.argv[2] === "worker") {
  const [, , , where, worker] = process.argv;
  await (await openLedgerAt(target(where), 60_000, { busyTimeoutMs: 120_000 })).close();
  await new Promise((go) => {
    process.once("message", go);
    process.send("ready");
  });
  await reserveMany(where, Number(worker), PER_PROCESS);
  process.disconnect();
} else {
  const dir = mkdtempSync(join(tmpdir(), "leash-bench-stores-"));
  const figures = [];
  const line = (store, n, rate) =>
    figures.push(
      `${store.padEnd(10)} ${String(n).padStart(2)} process(es): ${rate.toFixed(0)} reservations/s`,
    );
  let cluster;
  try {
    for (const n of [1, 8]) line("SQLite", n, await race(join(dir, `ledger-${n}.sqlite`), n));
    if (findPostgresBin() || process.env.LEASH_BENCH_PG_URL) {
      let admin = process.env.LEASH_BENCH_PG_URL;
      if (!admin) {
        // Its own temp dir: as root the server runs as another user, who must be able to enter it.
        cluster = mkdtempSync(join(tmpdir(), "leash-bench-pg-"));
        admin = (await startCluster(cluster, { fsync: true })).url;
      }
      for (const n of [1, 8])
        line("PostgreSQL", n, await race(await createDb(admin, `leash_bench_${process.pid}_${n}`), n));
    } else {
      figures.push("PostgreSQL: skipped (no server binaries; install the Debian package postgresql)");
    }
    console.log(`ledger reserve+settle, ${PER_PROCESS} per process, team + project scopes:`);
    for (const f of figures) console.log(`  ${f}`);
  } finally {
    if (cluster) stopCluster(cluster);
    rmSync(dir, { recursive: true, force: true });
  }
}
