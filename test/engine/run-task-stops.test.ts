import { describe, expect, it } from "vitest";
import { runTask } from "../../src/engine/run-task.js";
import { ProviderError } from "../../src/providers/contract.js";
import {
  ADD_FILES,
  diagnosisAnswer,
  fixAnswer as fix,
  memoryEngine,
  runInMemory as run,
  wrongAnswer as wrong,
} from "../helpers/memory-engine.js";
import { makeFakeSecrets } from "../secrets/fake-secrets.js";

/**
 * How the task loop stops short of an accepted patch, in process: budget and policy blocks
 * before and between calls, the operator's approval, provider failures, internal errors, an
 * abort; each time the tree ends at the checkpoint (or says plainly that it does not).
 */

describe("budget and policy stops", () => {
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
  it("allowed files that are all binary or not UTF-8 stop the run (exit 2) naming each, before any call", async () => {
    const engine = memoryEngine({
      files: {
        "src/add.js": Buffer.from("export const caf\xe9 = 1;\n", "latin1"),
        "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
      },
      task: { allowedFiles: ["src/add.js", "logo.png"] },
      script: [fix],
    });
    const error = await runTask(engine.ports, engine.input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "context.nothing_editable", exitCode: 2 });
    expect(String(error)).toMatch(/logo\.png \(binary\), src\/add\.js \(not UTF-8 text\)/);
    expect(engine.provider.calls).toEqual([]);
    expect(engine.workspace.files).toEqual(engine.workspace.checkpoint);
  });
  it("one text file among binary ones is enough: the run goes on, the prompt names what it skipped", async () => {
    const engine = memoryEngine({
      files: { ...ADD_FILES, "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]) },
      task: { allowedFiles: ["src/add.js", "logo.png"] },
      script: [fix],
    });
    const report = await runTask(engine.ports, engine.input);
    expect(report.status).toBe("accepted");
    expect(engine.provider.calls[0]?.input).toContain("[skipped: logo.png is binary]");
  });
});

describe("errors and interruptions", () => {
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
  it("an unreachable endpoint: the bounded retries on the run's clock, then exit 2 and no further attempt", async () => {
    const refused = () => new ProviderError("unreachable", "connect ECONNREFUSED", true, { fatal: true });
    const { report, provider, budget, ports } = await run({ script: [refused(), refused(), refused(), fix] });
    expect(report.status).toBe("provider_error");
    expect(report.exitCode).toBe(2);
    // One try and max_retries (2) more, each reserved afresh and released: nothing was billed.
    expect(provider.calls).toHaveLength(3);
    expect(budget.rows.map((r) => r.status)).toEqual(["released", "released", "released"]);
    expect(report.message).toMatch(/after 3 tries/);
    expect(ports.now()).toBeGreaterThan(1_000_000);
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
