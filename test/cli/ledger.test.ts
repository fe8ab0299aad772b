import { fork, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLedger } from "../../src/budget/ledger/open.js";
import { request } from "../budget/ledger/request.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

const FIXTURES = join(import.meta.dirname, "..", "budget", "fixtures");

function leash(repo: TempRepo, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: repo.root, encoding: "utf8" });
}

let repo: TempRepo;
beforeEach(() => {
  repo = makeTempRepo({
    "leash.yaml": "version: 1\nproject: crashy\nbudget:\n  project_total_budget_usd: 3.0\n",
  });
});
afterEach(() => repo.cleanup());

describe("leash ledger", () => {
  it("shows full budgets and creates nothing when there is no ledger yet", () => {
    const r = leash(repo, "ledger");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no calls recorded yet/);
    expect(r.stdout).toMatch(/project crashy\s+\$3\.00\s+\$0\.0000\s+\$0\.0000\s+\$3\.0000/);
    expect(repo.snapshot({ includeLeash: true }).has(".leash/ledger.sqlite")).toBe(false);
  });

  it("prints totals by a dimension as JSON, and refuses an unknown dimension", async () => {
    const ledger = await openLedger(join(repo.root, ".leash", "ledger.sqlite"));
    const res = await ledger.reserve(
      request({ project: "crashy", role: "general_builder", projectedUsd: 0.04 }),
    );
    await ledger.reserve(request({ project: "someone-else", projectedUsd: 0.04 }));
    if (!res.ok) throw new Error("refused");
    await ledger.settle(res.id, {
      usage: { input: 900, cachedInput: 0, output: 100, reasoning: 0 },
      actualModel: "gpt-5.1",
      actualTier: "flex",
      actualUsd: 0.0125,
      status: "settled",
    });
    await ledger.close();
    const r = leash(repo, "ledger", "--by", "role", "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.by).toBe("role");
    expect(out.totals).toEqual([
      expect.objectContaining({ key: "general_builder", calls: 1, actualUsd: 0.0125 }),
    ]);
    expect(out.remaining.project).toEqual({
      limitUsd: 3,
      spentUsd: 0.0125,
      reservedUsd: 0,
      remainingUsd: 2.9875,
    });
    expect(out.remaining.roles.general_builder.remainingUsd).toBe(1.9875);

    const text = leash(repo, "ledger", "--by", "model");
    expect(text.stdout).toMatch(/gpt-5\.1\s+1\s+0\s+1000\s+900/);
    const bad = leash(repo, "ledger", "--by", "colour");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--by colour is not a ledger dimension \[cli.ledger_by\]/);
  });

  it("reconcile settles the reservation of a killed process at its projected cost", async () => {
    const path = join(repo.root, ".leash", "ledger.sqlite");
    const child = fork(join(FIXTURES, "reserve-and-wait.mjs"), [path, "0.25"], { stdio: "pipe" });
    const reserved = await new Promise<{ id: number }>((done) =>
      child.once("message", (m) => done(m as never)),
    );
    const gone = new Promise((done) => child.once("exit", done));
    child.kill("SIGKILL");
    await gone;

    const before = JSON.parse(leash(repo, "ledger", "--json").stdout);
    expect(before.remaining.project).toMatchObject({ spentUsd: 0, reservedUsd: 0.25 });

    const r = leash(repo, "ledger", "reconcile");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `reconciled #${reserved.id} crashy run-crash/task-1 attempt 1 general_builder gpt-5.1: process \\d+ is gone; counted at projected \\$0\\.2500`,
      ),
    );
    expect(r.stdout).toMatch(/1 reconciled, 0 still running/);
    const after = JSON.parse(leash(repo, "ledger", "--json").stdout);
    expect(after.remaining.project).toMatchObject({ spentUsd: 0.25, reservedUsd: 0 });
    expect(leash(repo, "ledger", "reconcile").stdout).toMatch(/^0 reconciled/);
  });
});
