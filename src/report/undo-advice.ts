import type { RunReport } from "./report-types.js";

/**
 * How to take an accepted change back out: `leash undo` for one left in the working tree; for a
 * commit, git's own command, since Leash does not rewrite history. The report prints it and
 * `leash undo` refuses a committed run with the same words.
 */
export function undoAdvice(change: RunReport["change"], runId: string): string {
  switch (change.where) {
    case "commit":
      return `git revert ${change.commit}`;
    case "branch":
      return `git branch -D ${change.branch}`;
    default:
      return `leash undo ${runId}`;
  }
}
