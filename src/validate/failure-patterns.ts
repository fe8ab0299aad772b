import type { FailureCategory } from "./failure-signature.js";

/**
 * Lines that report a failure, per tool, checked in order (the first match decides the
 * category). `file` is the capture group holding the path the line names, if any.
 */
export interface FailurePattern {
  tool: string;
  pattern: RegExp;
  category: FailureCategory | ((line: string) => FailureCategory);
  file?: number;
}

const tscCategory = (line: string): FailureCategory => (/\bTS1\d{3}\b/.test(line) ? "syntax" : "type");

export const FAILURE_PATTERNS: readonly FailurePattern[] = [
  { tool: "tsc", pattern: /^\s*(\S+?)\(\d+,\d+\): error TS\d+:/, category: tscCategory, file: 1 },
  { tool: "tsc", pattern: /^\s*(\S+?):\d+:\d+ - error TS\d+:/, category: tscCategory, file: 1 },
  { tool: "tsc", pattern: /^\s*error TS\d+:/, category: tscCategory },
  { tool: "mypy", pattern: /^\s*(\S+?\.pyi?):\d+(?::\d+)?: error:/, category: "type", file: 1 },
  { tool: "biome", pattern: /^\s*(\S+?):\d+:\d+\s+(lint|assist)\/\S+/, category: "lint", file: 1 },
  {
    tool: "biome",
    pattern: /^\s*(\S+?)(?::\d+:\d+)?\s+(format|parse)\b.*━/,
    category: (l) => (/\bparse\b/.test(l) ? "syntax" : "lint"),
    file: 1,
  },
  { tool: "ruff", pattern: /^\s*(\S+?\.pyi?):\d+:\d+: [A-Z]{1,4}\d{1,4}\b/, category: "lint", file: 1 },
  { tool: "ruff", pattern: /^[A-Z]{1,4}\d{3,4} (\[\*\] )?\S/, category: "lint" },
  { tool: "eslint", pattern: /^\s+\d+:\d+\s+(error|warning)\s+.+\s{2,}[@\w/-]+$/, category: "lint" },
  { tool: "pytest", pattern: /^FAILED (\S+?)::\S+/, category: "test", file: 1 },
  {
    tool: "pytest",
    pattern: /^ERROR (\S+?)(::\S+)?( - |$)/,
    category: (l) => (/SyntaxError|IndentationError/.test(l) ? "syntax" : "runtime"),
    file: 1,
  },
  {
    tool: "pytest",
    pattern: /^E {2,}\S/,
    category: (l) =>
      /SyntaxError|IndentationError/.test(l)
        ? "syntax"
        : /\b(?!Assertion)\w*(Error|Exception):/.test(l)
          ? "runtime"
          : "test",
  },
  { tool: "vitest", pattern: /^\s*FAIL\s+(\S+)/, category: "test", file: 1 },
  { tool: "vitest", pattern: /^\s*[✗×✕✖]\s+\S/, category: "test" },
  { tool: "jest", pattern: /^\s*●\s+\S.*›/, category: "test" },
  { tool: "tap", pattern: /^\s*not ok \d+/, category: "test" },
  { tool: "generic", pattern: /\bSyntaxError\b|\bIndentationError\b|error TS1\d{3}/, category: "syntax" },
  {
    tool: "generic",
    pattern: /\bAssertionError\b|\bassert(ion)? failed\b|^\s*(Expected|Received):/,
    category: "test",
  },
  {
    tool: "generic",
    pattern: /^\s*(Uncaught )?(\w*Error|Exception)(: |$)|\bTraceback \(most recent call last\)/,
    category: "runtime",
  },
];

export function categoryOf(pattern: FailurePattern, line: string): FailureCategory {
  return typeof pattern.category === "function" ? pattern.category(line) : pattern.category;
}

/** Summary and metadata lines that look like failures but only count or describe them. */
export const NOT_A_FAILURE: readonly RegExp[] = [
  /^\s*[✖×]\s+\d+ problems?\b/,
  /^\s*✖ failing tests:?\s*$/,
  /Some errors were emitted while running checks/,
  /^\s+(name|code|failureType): '/,
];

/** Biome prints each diagnostic's message on a `×`/`!` line under its header: not a test marker. */
export const BIOME_OUTPUT = /^\S+\s+(lint|format|parse|assist)\b\S*.*━{3,}/m;
