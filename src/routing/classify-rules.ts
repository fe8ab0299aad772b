import type { Intent } from "../config/schema.js";

/**
 * The deterministic classification rules, as data so docs/routing.md and the tests read the
 * same table. A rule adds its weight to its intent's score when its pattern matches the goal.
 * Weights: 3 = an explicit ask ("explain why", "rename"), 2 = a strong signal ("fix", "implement"),
 * 1 = a weak hint ("returns", "should").
 */
export interface WordRule {
  intent: Intent;
  label: string;
  pattern: RegExp;
  weight: 1 | 2 | 3;
}

export const WORD_RULES: readonly WordRule[] = [
  {
    intent: "diagnose",
    label: "explain/why/diagnose",
    pattern: /\b(explain|why|diagnose|investigate|root cause)\b/i,
    weight: 3,
  },
  {
    intent: "summarize",
    label: "summarize",
    pattern: /\b(summari[sz]e|summary of|overview of)\b/i,
    weight: 3,
  },
  {
    intent: "classify",
    label: "classify/triage",
    pattern: /\b(classify|categori[sz]e|triage)\b/i,
    weight: 3,
  },
  { intent: "mechanical", label: "rename", pattern: /\brenam(e|ing)\b/i, weight: 3 },
  {
    intent: "mechanical",
    label: "reformat",
    pattern: /\b(reformat|re-format|formatting|prettier)\b/i,
    weight: 3,
  },
  { intent: "mechanical", label: "bump", pattern: /\bbump\b/i, weight: 3 },
  { intent: "mechanical", label: "sort imports", pattern: /\bsort(ed)?\s+(the\s+)?imports\b/i, weight: 3 },
  { intent: "mechanical", label: "typo", pattern: /\btypos?\b/i, weight: 3 },
  {
    intent: "tests",
    label: "add/write tests",
    pattern: /\b(add|write|cover|more|missing|new)\b[\w\s,-]{0,30}\btests?\b/i,
    weight: 3,
  },
  { intent: "tests", label: "coverage", pattern: /\b(coverage|test cases?)\b/i, weight: 2 },
  {
    intent: "docs",
    label: "docs/README",
    pattern: /\b(docs?|documentation|document|readme|changelog)\b/i,
    weight: 2,
  },
  {
    intent: "docs",
    label: "comment/docstring",
    pattern: /\b(comments?|jsdoc|tsdoc|docstrings?)\b/i,
    weight: 2,
  },
  {
    intent: "refactor",
    label: "refactor/extract/simplify",
    pattern: /\b(refactor|extract|simplify|restructure|deduplicate|inline)\b/i,
    weight: 2,
  },
  {
    intent: "bugfix",
    label: "fix/bug/broken",
    pattern: /\b(fix(es|ed)?|bugs?|broken|regression|crash(es)?|incorrect(ly)?|wrong)\b/i,
    weight: 2,
  },
  {
    intent: "bugfix",
    label: "returns/should/fails",
    pattern: /\b(returns?|should|must|fails?|failing|throws?)\b/i,
    weight: 1,
  },
  {
    intent: "feature",
    label: "add/implement/support",
    pattern: /\b(add|implement|support|introduce|new option|new flag)\b/i,
    weight: 2,
  },
];

/**
 * Tie-break order when two intents score the same: non-patch asks first (they change
 * nothing), then the narrower patch intents.
 */
export const INTENT_PRIORITY: readonly Intent[] = [
  "diagnose",
  "summarize",
  "classify",
  "tests",
  "docs",
  "mechanical",
  "bugfix",
  "refactor",
  "feature",
];

/** Files that count as documentation or tests for the file-kind rules. */
export const DOC_FILE = /\.(md|mdx|markdown|rst|txt|adoc)$/i;
export const TEST_FILE =
  /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.(py|go)$/i;

/** A single existing allowed file at most this big is "tiny": a mechanical edit is likely. */
export const TINY_FILE_BYTES = 2_000;

/** Weights the file-kind rules add. */
export const FILE_RULE_WEIGHT = { onlyDocs: 3, onlyTests: 3, tinySingleFile: 1 } as const;
