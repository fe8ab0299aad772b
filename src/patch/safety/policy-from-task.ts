import type { ResolvedTask } from "../../task/schema.js";
import type { SafetyPolicy } from "./types.js";

/** The safety policy a resolved task implies: its allowed and forbidden paths and patch limits. */
export function safetyPolicyFromTask(
  task: Pick<ResolvedTask, "allowedFiles" | "forbiddenPaths" | "limits" | "regions">,
): SafetyPolicy {
  const editable = (task.regions ?? []).filter((r) => r.editable && !r.outlineOnly);
  return {
    ...(editable.length > 0 ? { regions: Object.fromEntries(editable.map((r) => [r.path, r.ranges])) } : {}),
    allowedGlobs: [...task.allowedFiles],
    forbiddenGlobs: [...task.forbiddenPaths],
    maxPatchBytes: task.limits.maxPatchBytes,
    maxFiles: task.limits.maxFilesPerPatch,
    maxHunks: task.limits.maxHunksPerPatch,
  };
}
