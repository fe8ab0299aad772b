import type { Diagnosis } from "../contract/model-output.js";
import type { AdmittedFile, SkippedFile } from "./admit-files.js";
import { numberLines } from "./number-lines.js";

/** What the previous attempt left for the next one. Every field is optional. */
export interface AttemptFeedback {
  attempt?: number;
  previousPatch?: string;
  /** Raw validator output; condensed and redacted before it is shown. */
  validatorFailures?: string;
  diagnosis?: Diagnosis;
  /** Why the patch was not even applied (a parse failure, a safety refusal). */
  parseOrSafetyReason?: string;
}

/** Feedback as shown: already condensed and redacted; `validatorLines` may be cut further. */
export interface ShownFeedback {
  attempt?: number;
  previousPatch?: string;
  validatorLines?: string[];
  /** Lines cut from the tail of the condensed validator output to fit the limits. */
  validatorCutLines?: number;
  diagnosis?: Diagnosis;
  parseOrSafetyReason?: string;
}

export function renderGoal(goal: string): string {
  return `# Goal\n${goal.trim()}`;
}

export function renderFile(file: AdmittedFile): string {
  const label = file.editable ? "editable" : "read-only context";
  if (file.text === null) {
    return `## ${file.path} (${label}; does not exist yet: create it if the goal needs it)`;
  }
  const lines = file.text === "" ? 0 : file.text.split("\n").length - (file.text.endsWith("\n") ? 1 : 0);
  return `## ${file.path} (${label}, ${lines} lines)\n----- begin ${file.path} -----\n${numberLines(file.text)}\n----- end ${file.path} -----`;
}

export function renderFilesHeader(editable: boolean): string {
  return editable
    ? "# Editable files (the patch may change only these)"
    : "# Read-only context files (for reference; do not change them)";
}

export function renderFeedback(fb: ShownFeedback, latest: boolean): string {
  const head = `# ${latest ? "Previous attempt" : "Earlier attempt"}${fb.attempt === undefined ? "" : ` ${fb.attempt}`}`;
  const parts = [head];
  if (fb.previousPatch !== undefined)
    parts.push(`## Its patch (rolled back; not in the files above)\n${fb.previousPatch.trimEnd()}`);
  if (fb.parseOrSafetyReason !== undefined)
    parts.push(`## Why it was not applied\n${fb.parseOrSafetyReason.trim()}`);
  if (fb.validatorLines !== undefined && fb.validatorLines.length > 0) {
    const cut =
      fb.validatorCutLines === undefined ? "" : `\n[… ${fb.validatorCutLines} more lines cut to fit …]`;
    parts.push(`## Validator failures\n${fb.validatorLines.join("\n")}${cut}`);
  }
  if (fb.diagnosis !== undefined) {
    const d = fb.diagnosis;
    parts.push(
      [
        `## Reviewer diagnosis (confidence ${d.confidence})`,
        `Summary: ${d.summary}`,
        `Root cause: ${d.root_cause}`,
        ...(d.evidence.length > 0 ? ["Evidence:", ...d.evidence.map((e) => `- ${e}`)] : []),
        ...(d.suggested_plan.length > 0
          ? ["Plan:", ...d.suggested_plan.map((s, i) => `${i + 1}. ${s}`)]
          : []),
      ].join("\n"),
    );
  }
  return parts.join("\n\n");
}

export function renderNotes(skipped: readonly SkippedFile[], trimmed: readonly string[]): string | null {
  const notes = [
    ...skipped
      .filter((s) => s.tellModel)
      .map((s) => `[skipped: ${s.path} is ${s.reason === "binary" ? "binary" : s.reason}]`),
    ...trimmed.map((t) => `[trimmed: ${t}]`),
  ];
  return notes.length === 0 ? null : `# Notes\n${notes.join("\n")}`;
}
