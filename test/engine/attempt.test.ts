import { describe, expect, it } from "vitest";
import { runAttempt } from "../../src/engine/attempt.js";
import { RunRecord } from "../../src/engine/run-record.js";
import { routeTask } from "../../src/routing/route.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor } from "../helpers/js-project.js";
import { diffAnswer, type EngineSetup, memoryEngine } from "../helpers/memory-engine.js";
import { makeTask } from "../routing/config-fixture.js";

/**
 * One builder attempt in process (context → call → patch → apply → validate → accept or roll
 * back) over the in-memory workspace: the real patch road, no git, no child process, no SQLite.
 */

function prepare(setup: EngineSetup) {
  const engine = memoryEngine(setup);
  const { ports, input } = engine;
  const record = new RunRecord(
    { runId: input.runId, taskId: input.task.id, taskFile: input.task.file, provider: "fake" },
    ports.now,
    (name) => ports.recorder.stage(name),
  );
  const route = routeTask({ task: input.task, intent: "bugfix", config: input.config, approvals: [] });
  if (!route.ok) throw new Error(route.reasons.join("; "));
  const atRisk = new Set<string>();
  const run = () => runAttempt(ports, input, record, route, 1, undefined, atRisk);
  return { ...engine, record, atRisk, run };
}

async function attempt(setup: EngineSetup) {
  const prepared = prepare(setup);
  return { ...prepared, result: await prepared.run() };
}

describe("one attempt", () => {
  it("a correct patch is accepted: context, call, patch, apply and validate in order, the fix left in the tree", async () => {
    const { result, workspace, recorder, provider, validators, atRisk } = await attempt({
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
    });
    expect(result.outcome).toBe("accepted");
    expect(recorder.stages).toEqual([
      "attempt 1: context",
      "attempt 1: call",
      "attempt 1: patch",
      "attempt 1: apply",
      "attempt 1: validate",
    ]);
    expect(workspace.text("src/add.js")).toBe(ADD_FIXED);
    expect(workspace.changed()).toEqual(["src/add.js"]);
    // Marked at risk before the write, so `leash recover` would know what to restore.
    expect(workspace.atRisk).toEqual(["src/add.js"]);
    expect([...atRisk]).toEqual(["src/add.js"]);
    expect(result.filesTouched).toEqual(["src/add.js"]);
    expect(result.diffstat).toEqual({ files: 1, added: 1, removed: 1 });
    expect(result.validators.map((v) => [v.name, v.passed])).toEqual([
      ["unit", true],
      ["patch-safety", true],
    ]);
    expect(validators.runs).toEqual([["unit"]]);
    // The model was shown the file it may edit.
    expect(provider.calls[0]?.input).toContain("return a - b");
    expect(recorder.artifacts.get("attempts/1/patch.diff")).toBe(result.patchText);
    expect(String(recorder.artifacts.get("attempts/1/prompt.txt"))).toContain("add(2, 3) must return 5");
  });

  it("a failing validator rolls back: the checkpoint's bytes are back and the failure is hashed for the judge", async () => {
    const { result, workspace, recorder } = await attempt({
      script: [diffAnswer(diffFor(ADD_BUGGY, addReturning("a * b")))],
    });
    expect(result.outcome).toBe("validators_failed");
    expect(recorder.stages.at(-1)).toBe("attempt 1: rollback");
    expect(workspace.files).toEqual(workspace.checkpoint);
    expect(workspace.rollbacks).toEqual([["src/add.js"]]);
    expect(result.reason).toMatch(/validator unit failed:\nnot ok 1 - adds/);
    expect(result.failureSignatures?.map((f) => [f.validator, f.category])).toEqual([["unit", "test"]]);
    expect(result.patchApplied).toBe(true);
  });

  it("a patch outside allowed_files is refused before any write: nothing at risk, no validator run", async () => {
    const sneaky = diffFor('{ "name": "target", "type": "module" }\n', "{}\n", "package.json");
    const { result, workspace, validators, recorder } = await attempt({ script: [diffAnswer(sneaky)] });
    expect(result.outcome).toBe("refused");
    expect(result.code).toBe("patch.not_allowed");
    expect(result.reason).toMatch(/package\.json/);
    expect(workspace.atRisk).toEqual([]);
    expect(workspace.files).toEqual(workspace.checkpoint);
    expect(validators.runs).toEqual([]);
    expect(recorder.events).toContainEqual(["patch", "refused"]);
  });

  it("a patch into a forbidden path is refused by the safety rules, even when allowed_files matches it", async () => {
    const { result, workspace } = await attempt({
      task: { allowedFiles: ["src/add.js", "secrets/**"] },
      files: { "src/add.js": ADD_BUGGY, "secrets/key.txt": "k\n" },
      script: [diffAnswer(diffFor("k\n", "stolen\n", "secrets/key.txt"))],
    });
    expect(result.outcome).toBe("refused");
    expect(result.code).toBe("patch.forbidden");
    expect(workspace.files).toEqual(workspace.checkpoint);
  });

  it("an answer that is not a diff is a parse failure; the tree is not touched", async () => {
    const { result, workspace } = await attempt({ script: [diffAnswer("I think you should use +.")] });
    expect(result.outcome).toBe("parse_failed");
    expect(result.code).toMatch(/^parse\./);
    expect(workspace.atRisk).toEqual([]);
  });

  it("a hunk at the wrong line numbers is relocated by repair and then accepted", async () => {
    const shifted = diffFor(ADD_BUGGY, ADD_FIXED).replace("@@ -1,3 +1,3 @@", "@@ -7,3 +7,3 @@");
    const { result, workspace } = await attempt({ script: [diffAnswer(shifted)] });
    expect(result.outcome).toBe("accepted");
    expect(result.repairs.map((r) => r.kind)).toContain("relocate");
    expect(workspace.text("src/add.js")).toBe(ADD_FIXED);
  });

  it("{edits} answers take the same road: located, applied, validated", async () => {
    const { result, workspace } = await attempt({
      script: [
        {
          output: {
            kind: "edits",
            edits: [{ path: "src/add.js", op: "replace", find: "a - b", replace: "a + b" }],
          },
        },
      ],
    });
    expect(result.outcome).toBe("accepted");
    expect(result.answerFormat).toBe("edits");
    expect(workspace.text("src/add.js")).toBe(ADD_FIXED);
  });

  it("a validator that rewrites a file outside the patch fails patch-safety; the rollback restores that file too", async () => {
    const { result, workspace } = await attempt({
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
      validators: {
        unit: (ws) => {
          ws.files.set("package.json", Buffer.from("{}\n"));
          return { exitCode: 0, stdout: "ok 1 - adds\n" };
        },
      },
    });
    expect(result.outcome).toBe("validators_failed");
    expect(result.validators.map((v) => [v.name, v.passed])).toEqual([
      ["unit", true],
      ["patch-safety", false],
    ]);
    expect(result.reason).toMatch(/changed outside the patch: package\.json/);
    expect(workspace.rollbacks).toEqual([["src/add.js", "package.json"]]);
    expect(workspace.files).toEqual(workspace.checkpoint);
  });

  it("build output a validator creates outside allowed_files is not counted as a change", async () => {
    const { result, workspace } = await attempt({
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
      validators: {
        unit: (ws) => {
          ws.files.set("coverage/lcov.info", Buffer.from("TN:\n"));
          return { exitCode: 0 };
        },
      },
    });
    expect(result.outcome).toBe("accepted");
    expect(workspace.text("coverage/lcov.info")).toBe("TN:\n");
  });

  it("a new file the patch creates is removed again when the attempt is rolled back", async () => {
    const create = diffFor("", "export const sub = (a, b) => a - b;\n", "src/sub.js").replace(
      "--- a/src/sub.js",
      "--- /dev/null",
    );
    const { result, workspace } = await attempt({
      task: { allowedFiles: ["src/add.js", "src/sub.js"], createFiles: ["src/sub.js"] },
      script: [diffAnswer(create)],
    });
    expect(result.outcome).toBe("validators_failed");
    expect(result.filesTouched).toEqual(["src/sub.js"]);
    expect(workspace.text("src/sub.js")).toBeNull();
    expect(workspace.files).toEqual(workspace.checkpoint);
  });

  it("an allowed path that does not exist yet is shown to the model as creatable", async () => {
    const { provider } = await attempt({
      task: { allowedFiles: ["src/add.js", "src/sub.js"], createFiles: ["src/sub.js"] },
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
    });
    expect(provider.calls[0]?.input).toMatch(/## src\/sub\.js \(editable; does not exist yet/);
  });

  it("editable files too big for one call block the attempt (exit 3) before the provider is called", async () => {
    const { run, record, provider } = prepare({
      files: { "notes/big.txt": "a line of notes\n".repeat(2000) },
      task: {
        allowedFiles: ["notes/big.txt"],
        limits: { ...makeTask().limits, maxContextCharsPerCall: 4000 },
      },
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
    });
    await expect(run()).rejects.toMatchObject({ code: "budget.context_does_not_fit" });
    expect(provider.calls).toEqual([]);
    expect(record.attempts[0]?.outcome).toBe("blocked");
  });

  it("a failed apply rolls back what it may have written and says so", async () => {
    const { result, workspace, validators } = await attempt({
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
      fail: { apply: "disk full" },
    });
    expect(result.outcome).toBe("apply_failed");
    expect(result.code).toBe("apply.apply");
    expect(workspace.rollbacks).toEqual([["src/add.js"]]);
    expect(validators.runs).toEqual([]);
  });

  it("a diagnosis where a patch was asked for is a parse failure naming what came back", async () => {
    const { result } = await attempt({
      script: [
        {
          output: {
            kind: "diagnosis",
            diagnosis: {
              summary: "it subtracts",
              root_cause: "-",
              evidence: [],
              suggested_plan: [],
              confidence: 1,
            },
          },
        },
      ],
    });
    expect(result.outcome).toBe("parse_failed");
    expect(result.reason).toBe("a patch was asked for, but the answer was a diagnosis: it subtracts");
  });

  it("a reservation the budget refuses blocks the attempt before the provider is called", async () => {
    const { run, record, provider, workspace } = prepare({
      script: [diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED))],
      budget: { taskUsd: 1e-9 },
    });
    await expect(run()).rejects.toMatchObject({ code: "budget.task" });
    expect(provider.calls).toEqual([]);
    expect(record.attempts.map((a) => [a.outcome, a.code])).toEqual([["blocked", "budget.task"]]);
    expect(workspace.atRisk).toEqual([]);
  });
});
