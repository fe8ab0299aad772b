import { describe, expect, it } from "vitest";
import { type BaselinePorts, type BaselineResult, runBaseline } from "../../src/engine/baseline.js";
import type { ValidatorRun } from "../../src/engine/ports.js";
import { judgeAgainstBaseline } from "../../src/engine/tolerate-known.js";
import type { FailureSignature } from "../../src/validate/failure-signature.js";

const sig = (validator: string, text: string): FailureSignature => ({
  validator,
  category: "test",
  text,
  raw: text,
  signatureHash: `${validator}:${text}`,
});

const run = (name: string, failures: FailureSignature[] = []): ValidatorRun => ({
  name,
  passed: failures.length === 0,
  exitCode: failures.length === 0 ? 0 : 1,
  timedOut: false,
  durationMs: 5,
  output: failures.map((f) => f.raw).join("\n"),
  failures,
  failureCount: failures.length,
});

/** Scripted validators, an in-memory cache and a tree that a validator may "change". */
function fakePorts(results: Record<string, ValidatorRun>, changes: Record<string, string[]> = {}) {
  const ran: string[] = [];
  const restored: string[][] = [];
  const store = new Map<string, BaselineResult>();
  let dirty: string[] = [];
  const ports: BaselinePorts = {
    async runValidators(names) {
      ran.push(...names);
      dirty = names.flatMap((n) => changes[n] ?? []);
      return names.map((n) => results[n] as ValidatorRun);
    },
    changedSinceCheckpoint: async () => dirty,
    async restore(paths) {
      restored.push(paths);
      dirty = [];
    },
    cache: { get: async (n) => store.get(n), put: async (n, r) => void store.set(n, r) },
    now: () => 0,
  };
  return { ports, ran, restored, store };
}

describe("runBaseline", () => {
  it("runs each validator once on the clean tree; a second run on the same tree is served from the cache", async () => {
    const { ports, ran } = fakePorts({ unit: run("unit"), lint: run("lint") });
    const first = await runBaseline(ports, { validators: ["unit", "lint"], mode: "require" });
    expect(first.validators.map((v) => [v.name, v.passed, v.cached])).toEqual([
      ["unit", true, false],
      ["lint", true, false],
    ]);
    const second = await runBaseline(ports, { validators: ["unit", "lint"], mode: "require" });
    expect(second.validators.every((v) => v.cached)).toBe(true);
    expect(ran).toEqual(["unit", "lint"]);
  });

  it("require: a failing validator stops with its condensed output (exit 2)", async () => {
    const { ports } = fakePorts({ unit: run("unit", [sig("unit", "FAILED tests/test_a.py::test_old")]) });
    const error = await runBaseline(ports, { validators: ["unit"], mode: "require" }).catch((e) => e);
    expect(error.code).toBe("validate.baseline_failed");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("validator unit failed (exit 1, 1 failure) on the clean tree");
    expect(error.message).toContain("FAILED tests/test_a.py::test_old");
    expect(error.hint).toContain("baseline: tolerate");
  });

  it("tolerate: the failures become known, by signature", async () => {
    const { ports } = fakePorts({ unit: run("unit", [sig("unit", "old")]), lint: run("lint") });
    const summary = await runBaseline(ports, { validators: ["unit", "lint"], mode: "tolerate" });
    expect(summary.known).toEqual({ unit: ["unit:old"] });
  });

  it("a validator that changes the tree is refused, the files restored, nothing cached", async () => {
    const { ports, restored, store } = fakePorts({ fmt: run("fmt") }, { fmt: ["src/a.py"] });
    const error = await runBaseline(ports, { validators: ["fmt"], mode: "tolerate" }).catch((e) => e);
    expect(error.code).toBe("validate.baseline_changed_tree");
    expect(error.message).toContain("validator fmt changed the clean tree (src/a.py)");
    expect(error.hint).toContain("ruff check --no-fix");
    expect(restored).toEqual([["src/a.py"]]);
    expect(store.size).toBe(0);
  });

  it("skip and --no-baseline run nothing and say why", async () => {
    const { ports, ran } = fakePorts({ unit: run("unit") });
    expect((await runBaseline(ports, { validators: ["unit"], mode: "skip" })).skipped).toBe("baseline: skip");
    const flag = await runBaseline(ports, {
      validators: ["unit"],
      mode: "require",
      skipReason: "--no-baseline",
    });
    expect(flag).toMatchObject({ mode: "skip", skipped: "--no-baseline" });
    expect(ran).toEqual([]);
  });
});

describe("judgeAgainstBaseline", () => {
  const known = { unit: ["unit:old", "unit:target"] };

  it("a patch that fixes the target and leaves the old failure passes", () => {
    const [unit] = judgeAgainstBaseline([run("unit", [sig("unit", "old")])], known, true);
    expect(unit).toMatchObject({ passed: true, failures: [], tolerated: 1 });
  });

  it("a patch that adds a new failure fails on the new one only", () => {
    const [unit] = judgeAgainstBaseline([run("unit", [sig("unit", "old"), sig("unit", "new")])], known, true);
    expect(unit?.passed).toBe(false);
    expect(unit?.failures.map((f) => f.text)).toEqual(["new"]);
    expect(unit?.output).toMatch(/^new since the baseline \(1 known failure\(s\) not counted\)/);
  });

  it("a bugfix that fixes nothing fails with one stable reason; other intents may leave known failures", () => {
    const same = [run("unit", [sig("unit", "old"), sig("unit", "target")])];
    const [bugfix] = judgeAgainstBaseline(same, known, true);
    expect(bugfix?.passed).toBe(false);
    expect(bugfix?.failures.map((f) => f.signatureHash)).toEqual(["no-progress:unit"]);
    const [feature] = judgeAgainstBaseline(same, known, false);
    expect(feature?.passed).toBe(true);
  });

  it("without known failures nothing changes", () => {
    const runs = [run("unit", [sig("unit", "x")])];
    expect(judgeAgainstBaseline(runs, undefined, true)[0]).toMatchObject({ passed: false, tolerated: 0 });
  });
});
