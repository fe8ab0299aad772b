import { describe, expect, it } from "vitest";
import { finalStatus, runSession } from "../../src/engine/session.js";
import { InputError } from "../../src/errors.js";
import type { RunReport } from "../../src/report/report-types.js";
import { createSecretScanner } from "../../src/secrets/index.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor } from "../helpers/js-project.js";
import { diffAnswer, type EngineSetup, memoryEngine } from "../helpers/memory-engine.js";
import { memorySession } from "../helpers/memory-session.js";
import { stagesAcceptedOnAttempt } from "../helpers/run-stages.js";

/**
 * One run session in process: preconditions → lock → run files → checkpoint → baseline → the
 * task → report, convergence and state → unlock, each through SessionPorts over in-memory fakes.
 */

function session(setup: EngineSetup, options: Parameters<typeof memorySession>[1] = {}) {
  const engine = memoryEngine({ ...setup, task: { baseline: "skip", ...setup.task } });
  const s = memorySession(engine, options);
  return { ...engine, ...s, run: () => runSession(s.ports, engine.input) };
}

const fix = diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED));

describe("runSession", () => {
  it("runs preconditions → lock → checkpoint → task → reports → state → unlock, in that order", async () => {
    const s = session({ script: [fix] });
    const report = await s.run();
    expect(s.log).toEqual([
      "preconditions",
      "lock",
      "open",
      "checkpoint",
      "state: checkpoint",
      "engine",
      "write report.json",
      "write convergence.json",
      "finish accepted",
      "close",
      "unlock",
    ]);
    expect(s.lock.held).toBe(false);
    expect(s.state.status).toBe("accepted");
    expect(report.status).toBe("accepted");
    expect(s.reports.get("report.json")).toEqual(report);
    expect(report.checkpoint).toEqual({ ref: "refs/leash/checkpoints/run-1", commit: "a".repeat(40) });
    expect(s.workspace.text("src/add.js")).toBe(ADD_FIXED);
  });

  it("every stage reaches the recorder (state.json, events, progress) and the report, in order", async () => {
    const s = session({ script: [fix] });
    const report = await s.run();
    expect(s.recorder.stages).toEqual(stagesAcceptedOnAttempt(1));
    expect(report.stages.map((st) => st.name)).toEqual(s.recorder.stages.slice(0, -1));
    expect(s.recorder.events).toContainEqual(["checkpoint", "created"]);
    expect(s.recorder.events).toContainEqual(["report", "written"]);
  });

  it("a failed precondition stops before the lock: no run files, no checkpoint, no call", async () => {
    const dirty = new InputError(
      "git.dirty_allowed_files",
      "allowed files have uncommitted changes: src/add.js",
    );
    const s = session({ script: [fix] }, { preconditions: dirty });
    await expect(s.run()).rejects.toBe(dirty);
    expect(s.log).toEqual(["preconditions"]);
    expect(s.provider.calls).toEqual([]);
  });

  it("baseline require: a validator failing on the clean tree stops before any call; state failed, lock released", async () => {
    const s = session({ script: [fix], task: { baseline: "require" } });
    await expect(s.run()).rejects.toMatchObject({ code: "validate.baseline_failed" });
    expect(s.provider.calls).toEqual([]);
    expect(s.log.slice(-3)).toEqual(["finish failed", "close", "unlock"]);
    expect(s.log.filter((l) => l.startsWith("finish"))).toHaveLength(1);
    expect(s.state.stoppedBy).toMatchObject({ code: "validate.baseline_failed", exitCode: 2 });
    expect(s.recorder.events).toContainEqual(["baseline", "refused"]);
    expect(s.reports.size).toBe(0);
  });

  it("baseline tolerate: the clean tree's failure is known, a fix is accepted and the baseline is in the report", async () => {
    const s = session({ script: [fix], task: { baseline: "tolerate" } });
    const report = await s.run();
    expect(report.status).toBe("accepted");
    expect(report.baseline?.mode).toBe("tolerate");
    expect(report.baseline?.validators.map((v) => [v.name, v.passed, v.cached])).toEqual([
      ["unit", false, false],
    ]);
    expect(Object.keys(report.baseline?.known ?? {})).toEqual(["unit"]);
    expect(s.validators.runs).toEqual([["unit"], ["unit"]]);
  });

  it("baseline tolerate: a patch that leaves the known failure passes; one that adds a failure does not", async () => {
    const unit = (ws: { text(p: string): string | null }) => {
      const fixed = ws.text("src/add.js")?.includes("a + b") === true;
      const broke = ws.text("src/add.js")?.includes("throw") === true;
      const lines = [
        fixed ? "ok 1 - adds" : "not ok 1 - adds",
        "not ok 2 - legacy parser",
        ...(broke ? ["not ok 3 - subtracts"] : []),
      ];
      return { exitCode: 1, stdout: `${lines.join("\n")}\n` };
    };
    const good = session({ script: [fix], task: { baseline: "tolerate" }, validators: { unit } });
    expect((await good.run()).status).toBe("accepted");
    const bad = session({
      task: { baseline: "tolerate", budget: { maxUsd: 0.5, maxAttempts: 1, maxRuntimeS: 900 } },
      script: [
        diffAnswer(
          diffFor(ADD_BUGGY, "export function add(a, b) {\n  if (a < 0) throw 1;\n  return a + b;\n}\n"),
        ),
      ],
      validators: { unit },
    });
    const report = await bad.run();
    expect(report.status).toBe("not_accepted");
    expect(report.attempts[0]?.validators[0]).toMatchObject({
      name: "unit",
      passed: false,
      knownFailures: 1,
    });
    expect(report.attempts[0]?.validators[0]?.failures.join("\n")).toMatch(/subtracts/);
  });

  it("--no-baseline runs no validator before the task and says so in the report", async () => {
    const s = session({ script: [fix], task: { baseline: "require" }, input: { noBaseline: true } });
    const report = await s.run();
    expect(report.status).toBe("accepted");
    expect(report.baseline?.skipped).toBe("--no-baseline");
    expect(s.validators.runs).toEqual([["unit"]]);
  });

  it("a second session on the same tree takes the baseline from the cache", async () => {
    const s = session({ script: [fix, fix], task: { baseline: "tolerate" } });
    await s.run();
    s.workspace.files.set("src/add.js", Buffer.from(ADD_BUGGY));
    const report = await runSession(s.ports, { ...s.input, runId: "run-2" });
    expect(report.baseline?.validators.map((v) => v.cached)).toEqual([true]);
    expect(s.validators.runs).toEqual([["unit"], ["unit"], ["unit"]]);
  });

  it("a baseline validator that rewrites the tree is refused, the file restored, nothing called", async () => {
    const s = session({
      script: [fix],
      task: { baseline: "require" },
      validators: {
        unit: (ws) => {
          ws.files.set("package.json", Buffer.from("{}\n"));
          return { exitCode: 0 };
        },
      },
    });
    await expect(s.run()).rejects.toMatchObject({ code: "validate.baseline_changed_tree" });
    expect(s.workspace.files).toEqual(s.workspace.checkpoint);
    expect(s.provider.calls).toEqual([]);
    expect(s.lock.held).toBe(false);
  });

  it("attempts running out: not_accepted in state.json, the tree at the checkpoint, convergence written", async () => {
    const s = session({
      task: { budget: { maxUsd: 0.5, maxAttempts: 2, maxRuntimeS: 900 } },
      script: [
        diffAnswer(diffFor(ADD_BUGGY, addReturning("a * b"))),
        diffAnswer(diffFor(ADD_BUGGY, addReturning("a / b"))),
      ],
    });
    const report = await s.run();
    expect(report.exitCode).toBe(1);
    expect(s.state.status).toBe("not_accepted");
    expect(s.workspace.files).toEqual(s.workspace.checkpoint);
    const convergence = s.reports.get("convergence.json") as { attempts: unknown[] };
    expect(convergence.attempts).toHaveLength(2);
  });

  it("a rollback that fails keeps the lock and a running state, so `leash recover` can act", async () => {
    const s = session({
      script: [fix],
      validators: {
        unit: () => {
          throw new Error("boom");
        },
      },
      fail: { rollback: "src/add.js (EACCES)" },
    });
    const report = await s.run();
    expect(report.block?.code).toBe("engine.rollback_failed");
    expect(s.lock.held).toBe(true);
    expect(s.state.status).toBeUndefined();
    expect(s.log).toContain("write report.json");
    expect(s.log).not.toContain("unlock");
  });

  it("an input error from inside the task is rethrown after state says failed and the lock is released", async () => {
    const s = session({
      script: [fix],
      validators: {
        unit: () => {
          throw new InputError("exec.not_allowed", "validator unit is not in commands");
        },
      },
    });
    await expect(s.run()).rejects.toMatchObject({ code: "exec.not_allowed" });
    expect(s.log.slice(-3)).toEqual(["finish failed", "close", "unlock"]);
    // Why there is no report, for `leash show`: the code, the first line and the exit.
    expect(s.state.stoppedBy).toEqual({
      code: "exec.not_allowed",
      message: "validator unit is not in commands",
      exitCode: 2,
    });
    expect(s.workspace.files).toEqual(s.workspace.checkpoint);
  });

  it("the report is scanned like a request: a secret quoted from validator output is redacted", async () => {
    const key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
    const s = session(
      {
        task: { budget: { maxUsd: 0.5, maxAttempts: 1, maxRuntimeS: 900 } },
        script: [diffAnswer(diffFor(ADD_BUGGY, addReturning("a * b")))],
        validators: { unit: () => ({ exitCode: 1, stdout: `not ok 1 - adds\n# using key ${key}\n` }) },
      },
      {
        secrets: createSecretScanner({
          exact: [{ value: key, kind: "provider API key", source: "env/TEST" }],
        }),
      },
    );
    const report = await s.run();
    expect(JSON.stringify(s.reports.get("report.json"))).not.toContain(key);
    expect(report.attempts[0]?.reason).toMatch(/not ok 1 - adds/);
    expect(report.secrets).toBeDefined();
  });

  it("warnings the wiring knows of (validators unsandboxed) are carried into the report", async () => {
    const s = session({ script: [fix] }, { warnings: ["validators run unsandboxed"] });
    const report = await s.run();
    expect(report.warnings).toEqual(["validators run unsandboxed"]);
  });
});

describe("finalStatus", () => {
  it("maps each report status to the state a run ends in", () => {
    const of = (status: RunReport["status"]) => finalStatus({ status } as RunReport);
    expect(
      (
        [
          "accepted",
          "diagnosed",
          "classified",
          "not_accepted",
          "blocked",
          "escalated",
          "needs_approval",
          "provider_error",
          "internal_error",
        ] as const
      ).map(of),
    ).toEqual([
      "accepted",
      "accepted",
      "accepted",
      "not_accepted",
      "blocked",
      "needs_operator",
      "needs_operator",
      "failed",
      "failed",
    ]);
  });
});
