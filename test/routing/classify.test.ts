import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/config/schema.js";
import { classifyTask } from "../../src/routing/classify.js";
import { reconcileClassifier } from "../../src/routing/reconcile-classifier.js";
import { makeTask } from "./config-fixture.js";

const big = (path: string) => ({ path, bytes: 10_000, exists: true });

const CASES: { goal: string; files: string[]; intent: Intent; tiny?: boolean }[] = [
  {
    goal: "parseDuration('1h30m') must return 5400; it returns 3600.",
    files: ["src/duration.ts"],
    intent: "bugfix",
  },
  { goal: "Fix the broken date parser", files: ["src/date.ts"], intent: "bugfix" },
  { goal: "Rename getUser to fetchUser everywhere", files: ["src/a.ts", "src/b.ts"], intent: "mechanical" },
  { goal: "Fix the typo in the error message", files: ["src/a.ts"], intent: "mechanical" },
  { goal: "Bump the version to 2.1.0", files: ["package.json"], intent: "mechanical" },
  { goal: "Sort imports in the CLI entry", files: ["src/cli.ts"], intent: "mechanical" },
  { goal: "Add tests for the duration parser edge cases", files: ["test/duration.test.ts"], intent: "tests" },
  { goal: "Improve coverage of the parser", files: ["src/p.ts", "test/p.test.ts"], intent: "tests" },
  { goal: "Document the --json flag in the README", files: ["README.md"], intent: "docs" },
  { goal: "Make it clearer", files: ["docs/guide.md", "README.md"], intent: "docs" },
  {
    goal: "Refactor: extract the retry policy into its own module",
    files: ["src/r.ts", "src/p.ts"],
    intent: "refactor",
  },
  { goal: "Implement support for ISO-8601 durations", files: ["src/duration.ts"], intent: "feature" },
  { goal: "Explain why the cache misses on every request", files: ["src/cache.ts"], intent: "diagnose" },
  { goal: "Summarize what the ledger module does", files: [], intent: "summarize" },
  { goal: "Triage this bug report", files: [], intent: "classify" },
  { goal: "Make the thing nicer", files: ["test/x.test.ts", "tests/test_y.py"], intent: "tests" },
  { goal: "Fix the crash", files: [], intent: "diagnose" },
  { goal: "Tidy up", files: ["src/tiny.ts"], intent: "mechanical", tiny: true },
];

describe("classifyTask: rules", () => {
  for (const c of CASES) {
    it(`"${c.goal}" with ${c.files.join(", ") || "no files"} → ${c.intent}`, () => {
      const facts = { files: c.files.map((p) => (c.tiny ? { path: p, bytes: 300, exists: true } : big(p))) };
      const result = classifyTask(makeTask({ goal: c.goal, allowedFiles: c.files }), facts);
      expect(result.intent).toBe(c.intent);
      expect(result.source).toBe("rules");
      expect(result.reasons.length).toBeGreaterThan(0);
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
    });
  }

  it("takes the task's intent as given", () => {
    const r = classifyTask(makeTask({ intent: "docs", goal: "Fix the bug" }), { files: [] });
    expect(r).toMatchObject({ intent: "docs", source: "task", confidence: 1 });
  });

  it("falls back to bugfix with low confidence when nothing matches", () => {
    const r = classifyTask(makeTask({ goal: "Make it nicer" }), { files: [big("src/a.ts")] });
    expect(r).toMatchObject({ intent: "bugfix", confidence: 0.3 });
    expect(r.reasons.join(" ")).toMatch(/no rule matched/);
  });

  it("is deterministic", () => {
    const task = makeTask({ goal: "Fix the bug and add a test" });
    expect(classifyTask(task, { files: [] })).toEqual(classifyTask(task, { files: [] }));
  });
});

describe("reconcileClassifier", () => {
  const rules = classifyTask(makeTask({ goal: "Fix the broken parser" }), {
    files: [big("src/duration.ts")],
  });

  it("keeps the rules on disagreement and says why", () => {
    const r = reconcileClassifier(rules, { intent: "feature", confidence: 0.99 });
    expect(r.intent).toBe("bugfix");
    expect(r.source).toBe("rules");
    expect(r.reasons.at(-1)).toMatch(/classifier said feature.*kept the rules/);
  });

  it("notes agreement", () => {
    const r = reconcileClassifier(rules, { intent: "bugfix", confidence: 0.8 });
    expect(r.intent).toBe("bugfix");
    expect(r.reasons.at(-1)).toMatch(/agrees/);
  });

  it("fills in only when the rules had no signal and it is confident", () => {
    const none = classifyTask(makeTask({ goal: "Make it nicer" }), { files: [big("src/a.ts")] });
    expect(reconcileClassifier(none, { intent: "refactor", confidence: 0.9 })).toMatchObject({
      intent: "refactor",
      source: "classifier",
    });
    expect(reconcileClassifier(none, { intent: "refactor", confidence: 0.5 })).toMatchObject({
      intent: "bugfix",
      source: "rules",
    });
    expect(reconcileClassifier(none, { intent: "refactor", confidence: 0.9 }, false).source).toBe("rules");
  });

  it("never overrides the task's intent", () => {
    const given = classifyTask(makeTask({ intent: "docs" }), { files: [] });
    expect(reconcileClassifier(given, { intent: "feature", confidence: 1 }).intent).toBe("docs");
  });
});
