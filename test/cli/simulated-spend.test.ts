import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/** Fake-provider spend is simulated: limited on its own, never counted against real budgets. */

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("simulated spend", () => {
  it("fake runs leave real spend at $0; --by provider and `ledger clear --simulated` work", () => {
    repo = makeJsProject({ budget: { project_total_budget_usd: 0.05 } });
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const run = runJson(repo.root, [task]);
    expect(run.status).toBe(0);

    const ledger = JSON.parse(runLeash(repo.root, ["ledger", "--by", "provider", "--json"]).stdout);
    expect(ledger.totals).toEqual([]);
    expect(ledger.remaining.project).toMatchObject({ spentUsd: 0, remainingUsd: 0.05 });
    expect(ledger.simulatedTotals).toEqual([
      expect.objectContaining({ key: "fake", simulated: true, calls: 1 }),
    ]);
    expect(ledger.simulatedRemaining.project.spentUsd).toBeGreaterThan(0);

    const text = runLeash(repo.root, ["ledger", "--by", "provider"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/real spend\nno calls recorded yet/);
    expect(text.stdout).toMatch(/simulated spend[^\n]*\nprovider\s+calls[^\n]*\nfake\s+1/);

    expect(runLeash(repo.root, ["ledger", "clear"]).status).toBe(2);
    const cleared = runLeash(repo.root, ["ledger", "clear", "--simulated"]);
    expect(cleared.status).toBe(0);
    expect(cleared.stdout).toMatch(/removed 1 simulated row of project/);
    const after = JSON.parse(runLeash(repo.root, ["ledger", "--json"]).stdout);
    expect(after.simulatedTotals).toEqual([]);
  });

  it("simulated calls are still held to the budgets, within the simulated totals", () => {
    repo = makeJsProject({ budget: { task_default_usd: 0.0001 } });
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const run = runJson<{ status: string; block: { code: string } }>(repo.root, [task]);
    expect(run.status).toBe(3);
    expect(run.report?.block.code).toBe("budget.task");
  });
});
