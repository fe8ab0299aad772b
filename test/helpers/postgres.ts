import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { findPostgresBin, startCluster, stopCluster } from "../../scripts/pg-throwaway.mjs";

/**
 * A real PostgreSQL server for the ledger tests: the one CI started (LEASH_TEST_PG_URL, from
 * `.ci/run`), or a throwaway cluster of this test file's own from the Debian binaries. Under
 * CI=true the tests never skip: with no server they fail, saying why.
 */

export const TEST_PG_URL_ENV = "LEASH_TEST_PG_URL";

/** Whether the PostgreSQL tests run here: always under CI, else when a server can be had. */
export const postgresTestsRun =
  process.env.CI === "true" || Boolean(process.env[TEST_PG_URL_ENV]) || findPostgresBin() !== null;

export interface TestPostgres {
  /** A URL to a fresh, empty database of its own on the server. */
  newDatabase(): Promise<string>;
  /** Drops the databases made here; stops the cluster if this file started it. */
  stop(): Promise<void>;
}

export async function testPostgres(): Promise<TestPostgres> {
  let adminUrl = process.env[TEST_PG_URL_ENV];
  let clusterDir: string | undefined;
  if (!adminUrl) {
    if (findPostgresBin() === null) {
      throw new Error(
        `PostgreSQL is required for these tests: set ${TEST_PG_URL_ENV} or install the Debian package postgresql`,
      );
    }
    clusterDir = mkdtempSync(join(tmpdir(), "leash-pg-"));
    adminUrl = (await startCluster(clusterDir)).url;
  }
  const admin = adminUrl;
  const made: string[] = [];
  const exec = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    async newDatabase() {
      const name = `leash_t_${process.pid}_${made.length}_${Math.random().toString(36).slice(2, 8)}`;
      await exec(`CREATE DATABASE ${name}`);
      made.push(name);
      const url = new URL(admin);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (clusterDir) {
        stopCluster(clusterDir);
        return;
      }
      for (const name of made)
        await exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}

/** The same URL with another password: for the wrong-credentials tests. */
export function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}
