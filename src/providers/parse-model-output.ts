import type { z } from "zod";
import { PARSE_ONCE } from "../config/parse-once.js";
import type { OutputKind } from "../config/schema.js";
import { type ModelOutput, type WireOutput, wireOutputSchema } from "../contract/model-output.js";

/** The wire slots, in the order the model is told about them. */
export const OUTPUT_SLOTS = ["unified_diff", "edits", "diagnosis", "classification"] as const;
export type OutputSlot = (typeof OUTPUT_SLOTS)[number];

/** Which wire kinds answer each requested output kind. */
export const KINDS_FOR: Record<OutputKind, readonly OutputSlot[]> = {
  patch: ["unified_diff", "edits"],
  diagnosis: ["diagnosis"],
  classification: ["classification"],
};

export type ParseOutputResult = { ok: true; output: ModelOutput } | { ok: false; reason: string };

/**
 * Reads the model's raw text as the output contract (SPEC §6). Every refusal reason is written
 * for the model: it is fed back to the next attempt, so it says what was wrong and what to send.
 */
export function parseModelOutput(rawText: string, wanted: OutputKind): ParseOutputResult {
  const allowed = KINDS_FOR[wanted];
  const expect = `Send one JSON object whose "kind" is ${allowed.map((k) => `"${k}"`).join(" or ")}, with that slot filled and every other slot null.`;
  const text = rawText.trim();
  if (text === "") return { ok: false, reason: `The answer was empty. ${expect}` };

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const prose = text.startsWith("{") ? "" : " It must not start with prose or a code fence.";
    return { ok: false, reason: `The answer is not valid JSON (${detail}).${prose} ${expect}` };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { ok: false, reason: `The answer must be a JSON object, not ${describe(json)}. ${expect}` };
  }

  const filled = OUTPUT_SLOTS.filter((slot) => {
    const value = (json as Record<string, unknown>)[slot];
    return value !== null && value !== undefined;
  });
  if (filled.length > 1) {
    return {
      ok: false,
      reason: `The answer fills ${filled.join(" and ")} at once; send exactly one format. ${expect}`,
    };
  }

  const parsed = wireOutputSchema.safeParse(json, PARSE_ONCE);
  if (!parsed.success) return { ok: false, reason: `${describeIssues(parsed.error.issues)}. ${expect}` };
  return checkWire(parsed.data, allowed, expect);
}

function checkWire(wire: WireOutput, allowed: readonly OutputSlot[], expect: string): ParseOutputResult {
  if (!allowed.includes(wire.kind)) {
    return {
      ok: false,
      reason: `The answer is a ${wire.kind}, but a ${allowed.join(" or ")} was asked for. ${expect}`,
    };
  }
  switch (wire.kind) {
    case "unified_diff":
      if (wire.unified_diff === null || wire.unified_diff.trim() === "") {
        return {
          ok: false,
          reason: `"kind" is "unified_diff" but the unified_diff slot is empty. ${expect}`,
        };
      }
      return { ok: true, output: { kind: "unified_diff", unifiedDiff: wire.unified_diff } };
    case "edits":
      if (wire.edits === null || wire.edits.length === 0) {
        return { ok: false, reason: `"kind" is "edits" but the edits slot is empty. ${expect}` };
      }
      return { ok: true, output: { kind: "edits", edits: wire.edits } };
    case "diagnosis":
      if (wire.diagnosis === null) {
        return { ok: false, reason: `"kind" is "diagnosis" but the diagnosis slot is null. ${expect}` };
      }
      return { ok: true, output: { kind: "diagnosis", diagnosis: wire.diagnosis } };
    case "classification":
      if (wire.classification === null) {
        return {
          ok: false,
          reason: `"kind" is "classification" but the classification slot is null. ${expect}`,
        };
      }
      return { ok: true, output: { kind: "classification", classification: wire.classification } };
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const path = issue.path.length === 0 ? "the answer" : issue.path.map(String).join(".");
    return `${path}: ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return `The answer does not match the output schema: ${shown.join("; ")}${more}`;
}
