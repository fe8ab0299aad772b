import { describe, expect, it } from "vitest";
import { parseModelOutput } from "../../src/providers/parse-model-output.js";
import { DIFF } from "./helpers/requests.js";

const empty = { unified_diff: null, edits: null, diagnosis: null, classification: null };
const diagnosis = { summary: "s", root_cause: "r", evidence: ["e"], suggested_plan: ["p"], confidence: 0.7 };
const wire = (value: Record<string, unknown>): string => JSON.stringify({ ...empty, ...value });

describe("parseModelOutput", () => {
  it("reads a unified diff when a patch is asked for", () => {
    expect(parseModelOutput(wire({ kind: "unified_diff", unified_diff: DIFF }), "patch")).toEqual({
      ok: true,
      output: { kind: "unified_diff", unifiedDiff: DIFF },
    });
  });

  it("reads edits when a patch is asked for", () => {
    const edits = [{ path: "a.ts", op: "replace", find: "1", replace: "2" }];
    expect(parseModelOutput(wire({ kind: "edits", edits }), "patch")).toEqual({
      ok: true,
      output: { kind: "edits", edits },
    });
  });

  it("reads a diagnosis and a classification", () => {
    expect(parseModelOutput(wire({ kind: "diagnosis", diagnosis }), "diagnosis")).toEqual({
      ok: true,
      output: { kind: "diagnosis", diagnosis },
    });
    const classification = { intent: "bugfix", confidence: 0.9, rationale: "a bug" };
    expect(parseModelOutput(wire({ kind: "classification", classification }), "classification")).toEqual({
      ok: true,
      output: { kind: "classification", classification },
    });
  });

  it("tolerates surrounding whitespace", () => {
    expect(parseModelOutput(`\n  ${wire({ kind: "unified_diff", unified_diff: DIFF })}\n`, "patch").ok).toBe(
      true,
    );
  });

  const refusals: [string, string, Parameters<typeof parseModelOutput>[1], RegExp][] = [
    [
      "two formats at once",
      wire({ kind: "unified_diff", unified_diff: DIFF, diagnosis }),
      "patch",
      /unified_diff and diagnosis at once/,
    ],
    [
      "a diagnosis when a patch was asked",
      wire({ kind: "diagnosis", diagnosis }),
      "patch",
      /is a diagnosis, but a unified_diff or edits was asked for/,
    ],
    [
      "a patch when a diagnosis was asked",
      wire({ kind: "unified_diff", unified_diff: DIFF }),
      "diagnosis",
      /is a unified_diff, but a diagnosis was asked/,
    ],
    [
      "prose around a diff",
      `Here is the fix:\n${DIFF}`,
      "patch",
      /not valid JSON.*must not start with prose/,
    ],
    ["truncated JSON", '{"kind": "unified_diff", "unified_di', "patch", /not valid JSON/],
    ["an array", "[]", "patch", /must be a JSON object, not an array/],
    ["empty text", "  ", "patch", /was empty/],
    ["an unknown kind", wire({ kind: "delete" }), "patch", /kind:/],
    [
      "an extra key",
      JSON.stringify({ ...empty, kind: "unified_diff", unified_diff: DIFF, note: "x" }),
      "patch",
      /note/,
    ],
    ["a missing slot", JSON.stringify({ kind: "unified_diff", unified_diff: DIFF }), "patch", /edits/],
    ["kind with its slot null", wire({ kind: "unified_diff" }), "patch", /unified_diff slot is empty/],
    ["empty edits", wire({ kind: "edits", edits: [] }), "patch", /edits slot is empty/],
    ["a delete edit", wire({ kind: "edits", edits: [{ path: "a", op: "delete" }] }), "patch", /edits\.0/],
    [
      "confidence out of range",
      wire({ kind: "diagnosis", diagnosis: { ...diagnosis, confidence: 3 } }),
      "diagnosis",
      /diagnosis\.confidence/,
    ],
  ];

  for (const [name, text, wanted, reason] of refusals) {
    it(`refuses ${name} with a precise reason`, () => {
      const result = parseModelOutput(text, wanted);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason).toMatch(reason);
        // Each reason also tells the model what to send instead.
        expect(result.reason).toMatch(/Send one JSON object whose "kind" is/);
      }
    });
  }
});
