import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runJson } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";

/**
 * SPEC §10 against real validators: the same failing patch again climbs the ladder, stops
 * climbing at its top, asks the reviewer once, then stops for the operator; the ledger holds
 * exactly the calls the report lists, and nothing more was spent.
 */

type Report = {
  status: string;
  exitCode: number;
  rolePath: string[];
  attempts: { role: string; outcome: string; verdict?: { verdict: string } }[];
  reviews: { role: string; diagnosis: unknown }[];
  totals: { calls: number; actualUsd: number };
  runId: string;
};

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const diagnosis = {
  diagnosis: {
    summary: "add subtracts",
    root_cause: "the operator is '-'",
    evidence: ["not ok 1 - adds"],
    suggested_plan: ["use '+'"],
    confidence: 0.9,
  },
};

describe("stagnation and the escalation ladder", () => {
  it("climbs to the ladder's top, asks the reviewer once, then escalates (exit 4)", async () => {
    repo = makeJsProject({ limits: { max_attempts_per_task: 6 }, budget: { task_default_usd: 2 } });
    const same = { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) };
    const task = writeTask(repo, "stuck", {
      budget: { max_attempts: 6 },
      fake: { responses: [same, same, same, diagnosis, same, same, same] },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(4);
    const report = r.report!;
    expect(report.status).toBe("escalated");
    expect(report.attempts.map((a) => [a.role, a.verdict?.verdict])).toEqual([
      ["general_builder", "converging"],
      ["general_builder", "stagnating"],
      ["coding_optimized_builder", "diagnosis_needed"],
      ["coding_optimized_builder", "diagnosis_needed"],
    ]);
    expect(report.reviews.map((v) => v.role)).toEqual(["frontier_reviewer"]);
    expect(report.rolePath).toEqual([
      "general_builder",
      "coding_optimized_builder",
      "frontier_reviewer",
      "coding_optimized_builder",
    ]);
    expect(report.totals.calls).toBe(5);

    const rows = (await ledgerRows(repo.root)).filter((row) => row.runId === report.runId);
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.status === "settled")).toBe(true);
    const ledgerUsd = rows.reduce((s, row) => s + (row.actualUsd ?? 0), 0);
    expect(ledgerUsd).toBeCloseTo(report.totals.actualUsd, 6);
    expect(repo.snapshot()).toEqual(before);
  });

  it("a diagnose task produces the diagnosis and exits 0 without touching the tree", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "why", {
      intent: "diagnose",
      validators: [],
      fake: { responses: [diagnosis] },
    });
    const before = repo.snapshot();
    const r = runJson<Report & { diagnosis?: { summary: string } }>(repo.root, [task]);
    expect(r.status).toBe(0);
    expect(r.report?.status).toBe("diagnosed");
    expect(r.report?.diagnosis?.summary).toBe("add subtracts");
    expect(repo.snapshot()).toEqual(before);
  });
});

describe("routing.use_classifier", () => {
  it("asks the classification_worker, keeps the rules' answer when it disagrees, and says so", () => {
    repo = makeJsProject({ routing: { use_classifier: true } });
    const task = writeTask(repo, "fix", {
      intent: undefined,
      goal: "fix the bug: add is broken and returns the wrong sum",
      fake: {
        responses: [
          { classification: { intent: "docs", confidence: 0.9, rationale: "mentions a sum" } },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    const r = runJson<Report & { classification: { intent: string; reasons: string[] } }>(repo.root, [task]);
    expect(r.status).toBe(0);
    expect(r.report?.classification.intent).toBe("bugfix");
    expect(r.report?.classification.reasons.join(" ")).toMatch(/classifier said docs/);
    expect(r.report?.reviews.map((v) => v.role)).toEqual(["classification_worker"]);
    expect(r.report?.totals.calls).toBe(2);
  });
});

describe("the classifier and the reviewer", () => {
  it("a classifier call does not use up the run's one review", () => {
    repo = makeJsProject({
      routing: { use_classifier: true },
      limits: { max_attempts_per_task: 6 },
      budget: { task_default_usd: 2 },
    });
    const same = { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) };
    const task = writeTask(repo, "stuck", {
      intent: undefined,
      goal: "fix the bug: add is broken and returns the wrong sum",
      budget: { max_attempts: 6 },
      fake: {
        responses: [
          { classification: { intent: "bugfix", confidence: 0.9, rationale: "a bug" } },
          same,
          same,
          same,
          diagnosis,
          same,
        ],
      },
    });
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(4);
    expect(r.report?.reviews.map((v) => v.role)).toEqual(["classification_worker", "frontier_reviewer"]);
  });
});
