import type { OutputKind } from "../config/schema.js";

const PATCH_CONTRACT = `You are a careful software engineer making one bounded change to a repository.
Answer with exactly one JSON object and nothing else, in one of two shapes:
  {"unified_diff": "<one unified diff>"}
  {"edits": [{"path": "...", "op": "replace", "find": "<exact text>", "replace": "<new text>"},
             {"path": "...", "op": "create", "content": "<whole file>"}]}
Rules for the unified diff: paths as "--- a/<path>" and "+++ b/<path>" (use "--- /dev/null" only to
create a file listed as editable that does not exist yet), correct "@@ -l,n +l,n @@" hunk headers,
enough unchanged context lines to place each hunk.
Rules for edits: "find" must occur exactly once in the file; "create" only for a file that does not exist.
You may change ONLY the files marked editable. Never delete, rename, copy or change the mode of a file;
never write binary content, symlinks or submodules. Keep the change as small as the goal allows.
The numbers before "| " in the files are line numbers for your reference; they are not part of the file.
If earlier attempts are shown, learn from their failures; do not repeat a patch that already failed.`;

const DIAGNOSIS_CONTRACT = `You are a senior reviewer. Do not write a patch. Answer with exactly one JSON object:
  {"diagnosis": {"summary": "...", "root_cause": "...", "evidence": ["..."],
                 "suggested_plan": ["step", "..."], "confidence": 0.0-1.0}}
Base the evidence on the files, failures and attempts shown; name files and line numbers.
The plan is for the next builder: concrete, small steps inside the editable files.
The numbers before "| " in the files are line numbers for your reference; they are not part of the file.`;

const CLASSIFICATION_CONTRACT = `Classify the task. Answer with exactly one JSON object:
  {"classification": {"intent": "<one of: mechanical, bugfix, feature, refactor, tests, docs, classify,
   summarize, diagnose>", "confidence": 0.0-1.0, "rationale": "<one or two sentences>"}}
For a summarize task, put the summary in "rationale".`;

/** The output contract of SPEC §6, worded for the kind of answer the role must give. */
export function instructionsFor(output: OutputKind): string {
  if (output === "patch") return PATCH_CONTRACT;
  if (output === "diagnosis") return DIAGNOSIS_CONTRACT;
  return CLASSIFICATION_CONTRACT;
}
