import type { ModelOutput, WireOutput } from "../contract/model-output.js";

/** The wire JSON a model would have sent for `output`: the kind plus every slot, unused ones null. */
export function toWireText(output: ModelOutput): string {
  const wire: WireOutput = {
    kind: output.kind,
    unified_diff: output.kind === "unified_diff" ? output.unifiedDiff : null,
    edits: output.kind === "edits" ? output.edits : null,
    diagnosis: output.kind === "diagnosis" ? output.diagnosis : null,
    classification: output.kind === "classification" ? output.classification : null,
  };
  return JSON.stringify(wire);
}
