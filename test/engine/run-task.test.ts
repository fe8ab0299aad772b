import { describe, expect, it } from "vitest";
import { ADD_BUGGY, ADD_FIXED, diffFor } from "../helpers/js-project.js";
import {
  diagnosisAnswer,
  diffAnswer,
  fixAnswer as fix,
  runInMemory as run,
  wrongAnswer as wrong,
} from "../helpers/memory-engine.js";

/**
 * The task loop in process: attempts with feedback, the convergence verdicts acting on the
 * escalation ladder and the reviewer, answer tasks, the classifier, delivery. Fakes only
 * (test/helpers/memory-engine.ts); each test runs in milliseconds.
 */

describe("the task loop", () => {
  it("accepts on the second attempt, which was told the first one's patch and failure", async () => {
    const { report, provider, recorder, workspace } = await run({ script: [wrong("a * b"), fix] });
    expect(report.status).toBe("accepted");
    expect(report.exitCode).toBe(0);
    expect(report.attempts.map((a) => a.outcome)).toEqual(["validators_failed", "accepted"]);
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls[0]?.input).not.toContain("not ok 1 - adds");
    expect(provider.calls[1]?.input).toContain("return a * b");
    expect(provider.calls[1]?.input).toContain("not ok 1 - adds");
    expect(recorder.stages.filter((s) => !s.startsWith("attempt"))).toEqual(["classify", "route", "deliver"]);
    expect(report.stages.map((s) => s.name)).toEqual(recorder.stages);
    expect(workspace.changed()).toEqual(["src/add.js"]);
    expect(report.change).toMatchObject({ where: "working_tree", files: ["src/add.js"] });
  });
  it("attempts run out: not accepted (exit 1), the tree at the checkpoint", async () => {
    const { report, workspace } = await run({
      task: { budget: { maxUsd: 0.5, maxAttempts: 2, maxRuntimeS: 900 } },
      script: [wrong("a * b"), wrong("a / b")],
    });
    expect(report.status).toBe("not_accepted");
    expect(report.exitCode).toBe(1);
    expect(report.attempts.map((a) => a.outcome)).toEqual(["validators_failed", "validators_failed"]);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });
  it("a repeated patch climbs the ladder, asks the reviewer once at the top, then escalates (exit 4)", async () => {
    const same = wrong("a * b");
    const { report, budget, workspace, recorder, provider } = await run({
      task: { budget: { maxUsd: 2, maxAttempts: 6, maxRuntimeS: 900 } },
      script: [same, same, same, diagnosisAnswer(), same, same, same],
    });
    expect(report.status).toBe("escalated");
    expect(report.exitCode).toBe(4);
    expect(report.attempts.map((a) => [a.role, a.verdict?.verdict])).toEqual([
      ["general_builder", "converging"],
      ["general_builder", "stagnating"],
      ["coding_optimized_builder", "diagnosis_needed"],
      ["coding_optimized_builder", "diagnosis_needed"],
    ]);
    expect(report.reviews.map((r) => r.role)).toEqual(["frontier_reviewer"]);
    expect(report.message).toMatch(/diagnosis needed again after the reviewer's diagnosis/);
    expect(report.rolePath).toEqual([
      "general_builder",
      "coding_optimized_builder",
      "frontier_reviewer",
      "coding_optimized_builder",
    ]);
    // The diagnosis guides the attempt after the review.
    expect(provider.calls[4]?.input).toContain("add subtracts");
    // Every call the report lists is a settled ledger row, and nothing else was spent.
    expect(report.totals.calls).toBe(5);
    expect(budget.rows.map((r) => r.status)).toEqual(Array(5).fill("settled"));
    const spent = budget.rows.reduce((s, r) => s + (r.actualUsd ?? 0), 0);
    expect(spent).toBeCloseTo(report.totals.actualUsd, 6);
    expect(workspace.files).toEqual(workspace.checkpoint);
    expect(report.escalationFile).toBe("escalation.json");
    expect(JSON.parse(String(recorder.artifacts.get("escalation.json"))).attempts).toHaveLength(4);
  });
  it("stagnating at the ladder's top with no reviewer configured escalates without another call", async () => {
    const same = wrong("a * b");
    const { report, provider } = await run({
      task: { role: "coding_optimized_builder", budget: { maxUsd: 2, maxAttempts: 4, maxRuntimeS: 900 } },
      config: (c) => {
        c.routing.reviewer = "missing_reviewer";
      },
      script: [same, same],
    });
    expect(report.status).toBe("escalated");
    expect(report.message).toMatch(/diagnosis needed and the reviewer gave none/);
    expect(provider.calls).toHaveLength(2);
  });
  it("diverging attempts stop at once with an escalation packet", async () => {
    const grow = `export function add(a, b) {\n${Array.from({ length: 40 }, (_, i) => `  const x${i} = ${i};`).join("\n")}\n  return a * b;\n}\n`;
    const { report, provider, workspace } = await run({
      script: [wrong("a * b"), diffAnswer(diffFor(ADD_BUGGY, grow)), fix],
      validators: {
        unit: (ws) =>
          ws.text("src/add.js")?.includes("x39")
            ? { exitCode: 1, stdout: "not ok 1 - adds\nnot ok 2 - subtracts\n" }
            : ws.text("src/add.js")?.includes("a + b")
              ? { exitCode: 0 }
              : { exitCode: 1, stdout: "not ok 1 - adds\n" },
      },
    });
    expect(report.status).toBe("escalated");
    expect(report.attempts.map((a) => a.verdict?.verdict)).toEqual(["converging", "diverging"]);
    expect(provider.calls).toHaveLength(2);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });
  it("a diagnose task produces the diagnosis (exit 0) and never touches the tree", async () => {
    const { report, workspace, recorder } = await run({
      task: { intent: "diagnose", validators: [] },
      script: [diagnosisAnswer()],
    });
    expect(report.status).toBe("diagnosed");
    expect(report.exitCode).toBe(0);
    expect(report.diagnosis?.summary).toBe("add subtracts");
    expect(recorder.artifacts.has("diagnosis.json")).toBe(true);
    expect(workspace.atRisk).toEqual([]);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });
  it("routing.use_classifier asks the classification_worker and keeps the rules' answer when it disagrees", async () => {
    const { report, provider } = await run({
      task: { intent: undefined, goal: "fix the bug: add is broken and returns the wrong sum" },
      config: (c) => {
        c.routing.use_classifier = true;
      },
      script: [
        {
          output: {
            kind: "classification",
            classification: { intent: "docs", confidence: 0.9, rationale: "mentions a sum" },
          },
        },
        fix,
      ],
    });
    expect(report.status).toBe("accepted");
    expect(report.classification.intent).toBe("bugfix");
    expect(report.classification.reasons.join(" ")).toMatch(/classifier said docs/);
    expect(report.reviews.map((r) => r.role)).toEqual(["classification_worker"]);
    expect(provider.calls.map((c) => c.role)).toEqual(["classification_worker", "general_builder"]);
  });
  it("a classifier call does not use up the run's one review", async () => {
    const same = wrong("a * b");
    const { report } = await run({
      task: {
        intent: undefined,
        goal: "fix the bug: add is broken and returns the wrong sum",
        budget: { maxUsd: 2, maxAttempts: 6, maxRuntimeS: 900 },
      },
      config: (c) => {
        c.routing.use_classifier = true;
      },
      script: [
        {
          output: {
            kind: "classification",
            classification: { intent: "bugfix", confidence: 0.9, rationale: "a bug" },
          },
        },
        same,
        same,
        same,
        diagnosisAnswer(),
        same,
      ],
    });
    expect(report.status).toBe("escalated");
    expect(report.reviews.map((r) => r.role)).toEqual(["classification_worker", "frontier_reviewer"]);
  });
});

describe("delivery", () => {
  it("--commit commits exactly the patch's files with the run id, the change stays checked out", async () => {
    const { report, workspace } = await run({ script: [fix], input: { delivery: { kind: "commit" } } });
    expect(report.change).toMatchObject({ where: "commit", files: ["src/add.js"] });
    expect(workspace.commits).toHaveLength(1);
    expect(workspace.commits[0]).toMatchObject({ files: ["src/add.js"] });
    expect(workspace.commits[0]?.message).toMatch(/Leash-Run: run-1/);
    expect(workspace.text("src/add.js")).toBe(ADD_FIXED);
  });
  it("--branch puts the commit on a new branch and returns the checkout to the checkpoint", async () => {
    const { report, workspace } = await run({
      script: [fix],
      input: { delivery: { kind: "branch", name: "leash/fix" } },
    });
    expect(report.change).toMatchObject({ where: "branch", branch: "leash/fix" });
    expect(report.message).toMatch(/on branch leash\/fix \(your checkout is unchanged\)/);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });
});
