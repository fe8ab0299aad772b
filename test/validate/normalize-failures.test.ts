import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FailureCategory } from "../../src/validate/failure-signature.js";
import { normalizeFailures, signatureHash } from "../../src/validate/normalize-failures.js";
import { normalizeLine } from "../../src/validate/normalize-line.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "validate");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
// The fixtures were produced by real tools in this directory.
const ROOT = "/tmp/fxgen";

const TABLE: { file: string; count: number; categories: FailureCategory[]; contains: string }[] = [
  {
    file: "tsc.txt",
    count: 2,
    categories: ["type"],
    contains: "src/a.ts: error TS2304: Cannot find name 'missing'.",
  },
  {
    file: "tsc-pretty.txt",
    count: 2,
    categories: ["type"],
    contains: "src/a.ts - error TS2322: Type 'string' is not assignable to type 'number'.",
  },
  {
    file: "vitest.txt",
    count: 6,
    categories: ["runtime", "test"],
    contains: "FAIL test/d.test.ts > parse > hours",
  },
  {
    file: "pytest.txt",
    count: 6,
    categories: ["runtime", "test"],
    contains: "FAILED test_calc.py::test_add - assert -1 == 5",
  },
  { file: "node-test-tap.txt", count: 1, categories: ["test"], contains: "not ok 1 - adds" },
  { file: "node-test-spec.txt", count: 2, categories: ["test"], contains: "✖ adds <t>" },
  { file: "biome-lint.txt", count: 4, categories: ["lint"], contains: "src/b.js lint/suspicious/noDebugger" },
  {
    file: "eslint-stylish.txt",
    count: 3,
    categories: ["lint"],
    contains: "src/b.js: error Unexpected 'debugger' statement no-debugger",
  },
  {
    file: "ruff.txt",
    count: 2,
    categories: ["lint"],
    contains: "src/calc.py: F401 [*] `os` imported but unused",
  },
  {
    file: "mypy.txt",
    count: 2,
    categories: ["type"],
    contains: 'src/calc.py: error: Name "missing" is not defined [name-defined]',
  },
];

describe("normalizeFailures on real tool output", () => {
  for (const row of TABLE) {
    it(`${row.file}: ${row.count} signature(s), ${row.categories.join("+")}`, () => {
      const sigs = normalizeFailures("v", fixture(row.file), ROOT, { exitCode: 1 });
      expect(sigs).toHaveLength(row.count);
      expect([...new Set(sigs.map((s) => s.category))].sort()).toEqual(row.categories);
      expect(sigs.map((s) => s.text)).toContain(row.contains);
      for (const s of sigs) {
        expect(s.signatureHash).toBe(signatureHash("v", s.category, s.text));
        expect(s.text).not.toMatch(/\/tmp\/fxgen|:\d+:\d+|\(\d+,\d+\)|\u001b/);
      }
    });
  }

  it("names the repo-relative file", () => {
    const sigs = normalizeFailures("typecheck", fixture("tsc.txt"), ROOT, { exitCode: 2 });
    expect(sigs.map((s) => s.file)).toEqual(["src/a.ts", "src/a.ts"]);
    expect(sigs[0]?.raw).toBe(
      "src/a.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
  });

  it("marks TS1xxx errors and SyntaxError as syntax", () => {
    const sigs = normalizeFailures(
      "t",
      "src/a.ts(1,5): error TS1005: ';' expected.\nSyntaxError: Unexpected token",
      ROOT,
    );
    expect(sigs.map((s) => s.category)).toEqual(["syntax", "syntax"]);
  });
});

describe("near-repeats hash the same", () => {
  const hashes = (text: string, root = ROOT) =>
    normalizeFailures("v", text, root, { exitCode: 1 }).map((s) => s.signatureHash);

  it("the same tsc error at another line", () => {
    const moved = fixture("tsc.txt").replace("(2,9)", "(14,3)").replace("(3,25)", "(40,1)");
    expect(hashes(moved)).toEqual(hashes(fixture("tsc.txt")));
  });

  it("absolute paths in another checkout, with colours", () => {
    const here = fixture("tsc.txt").replaceAll("src/a.ts", "/tmp/fxgen/src/a.ts");
    const there = fixture("tsc.txt").replaceAll("src/a.ts", "\u001b[96m/home/ci/work/src/a.ts\u001b[0m");
    expect(hashes(here)).toEqual(hashes(fixture("tsc.txt")));
    expect(hashes(there, "/home/ci/work")).toEqual(hashes(fixture("tsc.txt")));
  });

  it("other durations, temp dirs and addresses", () => {
    const a = " × hours 5ms\nError: open /tmp/leash-test-AbC123/x.json at 0x7ffe12\n";
    const b = " × hours 1.25s\nError: open /tmp/leash-test-ZZz999/x.json at 0x0004aa\n";
    expect(hashes(a)).toEqual(hashes(b));
  });

  it("but not a different error", () => {
    const other = fixture("tsc.txt").replace("TS2304", "TS2552");
    expect(hashes(other)).not.toEqual(hashes(fixture("tsc.txt")));
  });
});

describe("normalizeFailures: fallbacks", () => {
  it("a failing run with no known pattern still yields one 'other' signature", () => {
    const sigs = normalizeFailures("lint", "something odd happened\n", ROOT, { exitCode: 3 });
    expect(sigs).toEqual([
      expect.objectContaining({ category: "other", text: "lint exited 3: something odd happened" }),
    ]);
  });

  it("a timeout is its own category", () => {
    const sigs = normalizeFailures("unit", "", ROOT, { timedOut: true, exitCode: null });
    expect(sigs.map((s) => s.category)).toEqual(["timeout"]);
  });

  it("a passing run's output yields nothing when it has no failure lines", () => {
    expect(normalizeFailures("unit", "all good\n", ROOT, { exitCode: 0 })).toEqual([]);
  });

  it("redacts secrets in the raw line", () => {
    const [sig] = normalizeFailures("unit", "Error: bad OPENAI_API_KEY=sk-abcdefghijklmnopqrstu", ROOT, {
      exitCode: 1,
    });
    expect(sig?.raw).not.toContain("sk-abcdefghijklmnopqrstu");
  });
});

describe("normalizeLine", () => {
  const cases: [string, string][] = [
    ["/repo/src/a.ts:12:5 - error", "src/a.ts - error"],
    ["at line 12 col 3", "at line N col N"],
    ["took 12.5ms (34 ms)", "took <t> <t>"],
    ["2026-11-25T12:00:01.123Z started", "<time> started"],
    ["ptr 0xDEADbeef", "ptr 0x<addr>"],
    ["file:///repo/x.mjs:3:29", "x.mjs"],
  ];
  for (const [input, out] of cases) {
    it(`${input} → ${out}`, () => expect(normalizeLine(input, "/repo")).toBe(out));
  }
});
