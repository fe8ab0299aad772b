import type { Diagnosis } from "../../contract/model-output.js";
import type { FakeResponse } from "../../task/schema.js";
import { toWireText } from "../wire-text.js";

/**
 * The raw text a scripted answer stands for. Every form but `raw` becomes the wire JSON a real
 * model would send, so the fake goes through the same parser as the OpenAI provider.
 */
export function scriptedText(response: Exclude<FakeResponse, { error: unknown }>): string {
  if ("raw" in response) return response.raw;
  if ("unified_diff" in response)
    return toWireText({ kind: "unified_diff", unifiedDiff: response.unified_diff });
  if ("edits" in response) return toWireText({ kind: "edits", edits: response.edits });
  if ("classification" in response) {
    const { intent, confidence, rationale } = response.classification;
    return toWireText({
      kind: "classification",
      classification: { intent, confidence, rationale: rationale ?? "" },
    });
  }
  return diagnosisText(response.diagnosis);
}

/** A string diagnosis is its summary; an object one keeps its fields over neutral defaults. */
function diagnosisText(value: string | Record<string, unknown>): string {
  const base: Diagnosis = { summary: "", root_cause: "", evidence: [], suggested_plan: [], confidence: 0.5 };
  if (typeof value === "string")
    return toWireText({ kind: "diagnosis", diagnosis: { ...base, summary: value } });
  // Unchecked on purpose: a malformed scripted diagnosis must fail in the parser, as a model's would.
  return JSON.stringify({
    kind: "diagnosis",
    unified_diff: null,
    edits: null,
    diagnosis: { ...base, ...value },
    classification: null,
  });
}

export function scriptRanOutText(callNumber: number, scripted: number): string {
  const summary = `The fake provider's script ran out: call ${callNumber} asked for an answer but only ${scripted} response(s) were scripted.`;
  return toWireText({
    kind: "diagnosis",
    diagnosis: {
      summary,
      root_cause: "fake.responses (or fake.script) has fewer entries than the run made calls.",
      evidence: [`calls made: ${callNumber}`, `responses scripted: ${scripted}`],
      suggested_plan: ["Add a response to the task's fake.responses for each call the run makes."],
      confidence: 1,
    },
  });
}
