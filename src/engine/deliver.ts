import { EXIT } from "../errors.js";
import type { AttemptRecord, RunReport } from "../report/report-types.js";
import { undoAdvice } from "../report/undo-advice.js";
import type { EnginePorts } from "./ports.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";

/** An accepted patch stays in the working tree, or becomes a commit on this or a new branch. */
export async function deliverAccepted(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  attempt: AttemptRecord,
): Promise<RunReport> {
  record.stage("deliver");
  const files = attempt.filesTouched;
  const message = `leash: ${input.task.id}\n\n${input.task.goal.trim()}\n\nLeash-Run: ${input.runId}`;
  const base = { files, diffstat: attempt.diffstat };
  let change: RunReport["change"] = { where: "working_tree", ...base };
  if (input.delivery.kind !== "working_tree") {
    const branch = input.delivery.kind === "branch" ? input.delivery.name : undefined;
    const committed = await ports.workspace.commit(files, message, branch);
    change = branch
      ? { where: "branch", ...base, commit: committed.commit, branch }
      : { where: "commit", ...base, commit: committed.commit };
  }
  ports.recorder.emit("deliver", "done", { ...change });
  const where =
    change.where === "working_tree"
      ? "left in the working tree for review"
      : change.where === "commit"
        ? `committed as ${change.commit?.slice(0, 12)} on the current branch`
        : `committed as ${change.commit?.slice(0, 12)} on branch ${change.branch} (your checkout is unchanged)`;
  return record.finish("accepted", EXIT.accepted, `accepted on attempt ${attempt.attempt}: ${where}`, {
    change,
    undo: undoAdvice(change, input.runId),
  });
}
