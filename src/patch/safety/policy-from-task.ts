import type { ResolvedTask } from "../../task/schema.js";
import type { SafetyPolicy } from "./types.js";

/** The safety policy a resolved task implies: its allowed and forbidden paths and patch limits. */
export function safetyPolicyFromTask(
  task: Pick<ResolvedTask, "allowedFiles" | "forbiddenPaths" | "limits">,
): SafetyPolicy {
  return {
    allowedGlobs: [...task.allowedFiles],
    forbiddenGlobs: [...task.forbiddenPaths],
    maxPatchBytes: task.limits.maxPatchBytes,
    maxFiles: task.limits.maxFilesPerPatch,
    maxHunks: task.limits.maxHunksPerPatch,
  };
}
