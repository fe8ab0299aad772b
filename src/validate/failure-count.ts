import { stripAnsi } from "../context/strip-ansi.js";

/**
 * How many failures the tool itself says it found, read from its summary line: one failing test
 * is one failure however many lines its traceback takes. The last summary in the output wins
 * (watch-style runners repeat it). Undefined when no known summary is there.
 */
interface Summary {
  tool: string;
  pattern: RegExp;
  count(m: RegExpExecArray): number;
}

const n = (s: string | undefined) => (s === undefined ? 0 : Number.parseInt(s, 10));

const SUMMARIES: readonly Summary[] = [
  // pytest: "2 failed, 1 passed in 0.79s" / "=== 1 failed, 1 error in 0.1s ===" / "1 error in 0.2s"
  {
    tool: "pytest",
    pattern:
      /^=*\s*(?:(\d+) failed)?(?:,?\s*\d+ passed)?(?:,?\s*\d+ \w+)*?(?:,?\s*(\d+) errors?)?(?:,?\s*\d+ \w+)* in [\d.]+s\b/,
    count: (m) => n(m[1]) + n(m[2]),
  },
  // jest: "Tests:       1 failed, 3 passed, 4 total"
  { tool: "jest", pattern: /^Tests:\s+(\d+) failed\b/, count: (m) => n(m[1]) },
  // vitest: "Tests  2 failed | 1 passed (3)"
  { tool: "vitest", pattern: /^\s*Tests\s+(\d+) failed\b/, count: (m) => n(m[1]) },
  // node --test: "# fail 1" (tap) or "ℹ fail 1" (spec)
  { tool: "node-test", pattern: /^(?:#|ℹ) fail (\d+)\s*$/, count: (m) => n(m[1]) },
  // mocha: "  2 failing"
  { tool: "mocha", pattern: /^\s*(\d+) failing\s*$/, count: (m) => n(m[1]) },
  // eslint: "✖ 3 problems (3 errors, 0 warnings)": warnings do not fail the run
  { tool: "eslint", pattern: /^✖ \d+ problems? \((\d+) errors?, \d+ warnings?\)/, count: (m) => n(m[1]) },
  // tsc, mypy, ruff and biome: "Found 2 errors." / "Found 2 errors in 1 file (checked ...)"
  { tool: "found", pattern: /^Found (\d+) errors?\b/, count: (m) => n(m[1]) },
  // unittest: "FAILED (failures=1, errors=2)"
  {
    tool: "unittest",
    pattern: /^FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?/,
    count: (m) => n(m[1]) + n(m[2]),
  },
];

export function reportedFailureCount(output: string): number | undefined {
  const lines = stripAnsi(output).replace(/\r\n?/g, "\n").split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    for (const summary of SUMMARIES) {
      const m = summary.pattern.exec(line);
      if (m === null) continue;
      const count = summary.count(m);
      if (count > 0) return count;
    }
  }
  return undefined;
}
