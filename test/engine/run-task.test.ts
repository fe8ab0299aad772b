import { describe, expect, it } from "vitest";
import { runTask } from "../../src/engine/run-task.js";
import { ProviderError } from "../../src/providers/contract.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor } from "../helpers/js-project.js";
import { diagnosisAnswer, diffAnswer, type EngineSetup, memoryEngine } from "../helpers/memory-engine.js";
import { makeFakeSecrets } from "../secrets/fake-secrets.js";

/**
 * The task loop in process: attempts with feedback, the convergence verdicts acting on the
 * escalation ladder and the reviewer, budget and policy blocks, delivery. Fakes only; each test
 * runs in milliseconds.
 */

async function run(setup: EngineSetup) {
  const engine = memoryEngine(setup);
  const report = await runTask(engine.ports, engine.input);
  return { ...engine, report };
}

const fix = diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED));
const wrong = (expr: string) => diffAnswer(diffFor(ADD_BUGGY, addReturning(expr)));

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

  it("a task budget below one call's projected cost blocks (exit 3) before any call, tree untouched", async () => {
    const { report, provider, workspace, budget } = await run({ script: [fix], budget: { taskUsd: 1e-9 } });
    expect(report.status).toBe("blocked");
    expect(report.exitCode).toBe(3);
    expect(report.block?.code).toBe("budget.task");
    expect(report.totals.calls).toBe(0);
    expect(provider.calls).toEqual([]);
    expect(budget.rows).toEqual([]);
    expect(workspace.atRisk).toEqual([]);
  });

  it("the budget running out between attempts stops with the tree rolled back", async () => {
    // Room for the first call's reservation but not for the second's after the first was settled.
    const probe = await run({ script: [wrong("a * b"), fix] });
    const first = probe.budget.rows[0]!.projectedUsd;
    const { report, provider, workspace } = await run({
      script: [wrong("a * b"), fix],
      budget: { taskUsd: first },
    });
    expect(report.status).toBe("blocked");
    expect(report.exitCode).toBe(3);
    expect(report.attempts.map((a) => a.outcome)).toEqual(["validators_failed", "blocked"]);
    expect(provider.calls).toHaveLength(1);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });

  it("after a call that cost more than its reservation, no further call is made", async () => {
    const overrun = {
      ...wrong("a * b"),
      usage: { input: 100, cachedInput: 0, output: 50_000, reasoning: 0 },
    };
    const { report, provider, budget } = await run({ script: [overrun, fix] });
    expect(report.status).toBe("blocked");
    expect(report.block?.code).toBe("budget.overrun");
    expect(provider.calls).toHaveLength(1);
    expect(budget.rows).toHaveLength(1);
  });

  it("a role that needs approval stops for the operator (exit 4) without a call", async () => {
    const { report, provider } = await run({
      task: { role: "emergency_pro_reviewer", intent: "diagnose" },
      script: [diagnosisAnswer()],
    });
    expect(report.status).toBe("needs_approval");
    expect(report.exitCode).toBe(4);
    expect(report.block?.message).toMatch(/--approve emergency_pro_reviewer/);
    expect(provider.calls).toEqual([]);
  });

  it("a no at the approval prompt stops for the operator, asked once, with no call", async () => {
    const asked: string[] = [];
    const engine = memoryEngine({
      task: { role: "emergency_pro_reviewer", intent: "diagnose" },
      script: [diagnosisAnswer()],
    });
    engine.ports.askApproval = async (role) => {
      asked.push(role);
      return false;
    };
    const report = await runTask(engine.ports, engine.input);
    expect(asked).toEqual(["emergency_pro_reviewer"]);
    expect(report.status).toBe("needs_approval");
    expect(engine.provider.calls).toEqual([]);
  });

  it("a yes at the approval prompt routes again and the answer is produced", async () => {
    const asked: string[] = [];
    const engine = memoryEngine({
      task: { role: "emergency_pro_reviewer", intent: "diagnose" },
      script: [diagnosisAnswer()],
    });
    engine.ports.askApproval = async (role) => {
      asked.push(role);
      return true;
    };
    const report = await runTask(engine.ports, engine.input);
    expect(asked).toEqual(["emergency_pro_reviewer"]);
    expect(report.status).toBe("diagnosed");
    expect(engine.recorder.events).toContainEqual(["route", "approved_interactively"]);
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

  it("an allowed file holding a secret stops the run (exit 2) naming the file, before any call", async () => {
    const stripe = makeFakeSecrets().find((x) => x.shape === "Stripe live secret key")?.content as string;
    const engine = memoryEngine({
      files: { "src/add.js": `const key = "${stripe}";\nexport const add = (a, b) => a - b;\n` },
      script: [fix],
    });
    const error = await runTask(engine.ports, engine.input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "context.file_holds_secret", location: { file: "src/add.js" } });
    expect(String(error)).not.toContain(stripe);
    expect(engine.provider.calls).toEqual([]);
    expect(engine.workspace.files).toEqual(engine.workspace.checkpoint);
  });

  it("a provider failure retrying cannot fix stops the run (exit 2) without a further attempt", async () => {
    const { report, provider } = await run({
      script: [
        new ProviderError("auth", "invalid API key", false, { fatal: true, hint: "set OPENAI_API_KEY" }),
      ],
    });
    expect(report.status).toBe("provider_error");
    expect(report.exitCode).toBe(2);
    expect(report.block?.code).toBe("provider.auth");
    expect(provider.calls).toHaveLength(1);
  });

  it("a rate limit is retried with backoff on the run's clock, then the attempt goes on", async () => {
    const { report, provider, budget } = await run({
      script: [new ProviderError("rate_limited", "slow down", true, {}), fix],
    });
    expect(report.status).toBe("accepted");
    expect(provider.calls).toHaveLength(2);
    expect(budget.rows.map((r) => r.status)).toEqual(["released", "settled"]);
  });

  it("an unexpected error mid-run is an internal error (exit 70) and the tree is rolled back", async () => {
    const { report, workspace } = await run({
      script: [fix],
      validators: {
        unit: () => {
          throw new Error("the recorder's disk vanished");
        },
      },
    });
    expect(report.status).toBe("internal_error");
    expect(report.exitCode).toBe(70);
    expect(report.message).toMatch(/the recorder's disk vanished; the working tree was rolled back/);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });

  it("when the rollback fails too, the report says the tree was NOT restored and names recover", async () => {
    const { report } = await run({
      script: [fix],
      validators: {
        unit: () => {
          throw new Error("boom");
        },
      },
      fail: { rollback: "src/add.js (EACCES)" },
    });
    expect(report.status).toBe("internal_error");
    expect(report.block?.code).toBe("engine.rollback_failed");
    expect(report.message).toMatch(/NOT restored; run `leash recover`/);
  });

  it("an abort during the validators ends the run not accepted, the tree rolled back", async () => {
    const controller = new AbortController();
    const { report, workspace } = await run({
      script: [fix],
      input: { signal: controller.signal },
      validators: {
        unit: () => {
          controller.abort();
          return { exitCode: 0 };
        },
      },
    });
    expect(report.status).toBe("not_accepted");
    expect(report.message).toMatch(/interrupted/);
    expect(workspace.files).toEqual(workspace.checkpoint);
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
