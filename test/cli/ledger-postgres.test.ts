import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";
import { postgresTestsRun, type TestPostgres, testPostgres, withPassword } from "../helpers/postgres.js";

/** `leash` against a real PostgreSQL ledger: fail closed, a team budget, views and export/import. */

let pgServer: TestPostgres | undefined;
beforeAll(async () => {
  if (postgresTestsRun) pgServer = await testPostgres();
}, 120_000);
afterAll(async () => pgServer?.stop());

/** A port on 127.0.0.1 where nothing listens. */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

const fixTask = { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } };

describe.skipIf(!postgresTestsRun)("leash with ledger.url", () => {
  it("an unreachable database stops the run before any call (exit 3), naming the URL without its password", async () => {
    const port = await closedPort();
    const repo = makeJsProject({
      ledger: { path: ".leash/ledger.sqlite", url: `postgres://leash:s3cret@127.0.0.1:${port}/x` },
    });
    try {
      const task = writeTask(repo, "fix", fixTask);
      const before = repo.snapshot({ includeLeash: true });
      const r = runLeash(repo.root, ["run", task]);
      expect(r.status).toBe(3);
      expect(r.stderr).toContain(`postgres://leash:***@127.0.0.1:${port}/x`);
      expect(r.stderr).toMatch(/cannot be reached/);
      expect(`${r.stdout}${r.stderr}`).not.toContain("s3cret");
      // No run started: no run directory, so no provider was called; not one byte changed.
      expect(existsSync(join(repo.root, ".leash", "runs"))).toBe(false);
      expect(repo.snapshot({ includeLeash: true })).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });

  it("wrong credentials are invalid input (exit 2), and LEASH_LEDGER_URL wins over the config", async () => {
    const url = await pgServer!.newDatabase();
    const repo = makeJsProject();
    try {
      const task = writeTask(repo, "fix", fixTask);
      const r = runLeash(repo.root, ["run", task], { LEASH_LEDGER_URL: withPassword(url, "wrong-pw") });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/refused the credentials/);
      expect(r.stderr).not.toContain("wrong-pw");
      expect(existsSync(join(repo.root, ".leash", "ledger.sqlite"))).toBe(false);
    } finally {
      repo.cleanup();
    }
  });

  it("runs against a team budget, shows it in every view, and moves history to SQLite and back", async () => {
    const url = await pgServer!.newDatabase();
    const repo = makeJsProject({
      project: "alpha",
      budget: { team: "platform", team_total_budget_usd: 2 },
      ledger: { path: ".leash/ledger.sqlite", url },
    });
    try {
      const task = writeTask(repo, "fix", fixTask);
      const run = runJson<{ status: string }>(repo.root, [task]);
      expect(run.status).toBe(0);
      expect(run.report?.status).toBe("accepted");
      const view = runLeash(repo.root, ["ledger", "--json"]);
      expect(view.status).toBe(0);
      const data = JSON.parse(view.stdout) as {
        ledger: string;
        team: string;
        totals: { calls: number }[];
        simulatedTotals: { calls: number; open: number; simulated: boolean }[];
        simulatedRemaining: { team: { limitUsd: number; spentUsd: number } };
      };
      expect(data.ledger).toMatch(/^postgres:\/\/leash:\*\*\*@/);
      expect(data.team).toBe("platform");
      // The fake provider's spend is simulated (migration 0002): kept apart from the real totals.
      expect(data.totals).toEqual([]);
      expect(data.simulatedTotals).toMatchObject([{ calls: 1, open: 0, simulated: true }]);
      expect(data.simulatedRemaining.team.limitUsd).toBe(2);
      expect(data.simulatedRemaining.team.spentUsd).toBeGreaterThan(0);
      expect(runLeash(repo.root, ["ledger", "--by", "role"]).stdout).toMatch(/team platform/);
      expect(runLeash(repo.root, ["ledger", "--by", "provider"]).stdout).toMatch(
        /simulated spend[\s\S]*fake/,
      );
      expect(runLeash(repo.root, ["ledger", "reconcile"]).stdout).toMatch(/0 reconciled, 0 still running/);

      const file = join(repo.root, "..", `${repo.root.split("/").pop()}-ledger.json`);
      expect(runLeash(repo.root, ["ledger", "export", file]).stdout).toMatch(/exported 1 row/);
      // The same repository without the URL: the SQLite file at ledger.path.
      repo.write(
        "leash.yaml",
        repo
          .read("leash.yaml")
          .toString("utf8")
          .replace(/\n\s*url: .*\n/, "\n"),
      );
      const imported = runLeash(repo.root, ["ledger", "import", file]);
      expect(imported.stdout).toMatch(/imported 1 row\(s\) into .*ledger\.sqlite; 0 already there/);
      expect(runLeash(repo.root, ["ledger", "import", file]).stdout).toMatch(
        /imported 0 row\(s\).*1 already there/,
      );
      const local = JSON.parse(runLeash(repo.root, ["ledger", "--json"]).stdout) as typeof data;
      expect(local.simulatedTotals).toEqual(data.simulatedTotals);
      expect(local.simulatedRemaining.team).toEqual(data.simulatedRemaining.team);

      // Back on PostgreSQL: `ledger clear --simulated` removes the simulated row there too.
      const cleared = runLeash(repo.root, ["ledger", "clear", "--simulated"], { LEASH_LEDGER_URL: url });
      expect(cleared.stdout).toMatch(/removed 1 simulated row of project alpha/);
      const after = JSON.parse(
        runLeash(repo.root, ["ledger", "--json"], { LEASH_LEDGER_URL: url }).stdout,
      ) as typeof data;
      expect(after.simulatedTotals).toEqual([]);
    } finally {
      repo.cleanup();
    }
  }, 300_000);
});
