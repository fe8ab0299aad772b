import type { Checkpoint } from "./checkpoint.js";
import { readTree, scanWorkingTree, type TreeMap } from "./scan-worktree.js";

/**
 * Paths whose working bytes or mode differ from the checkpoint, files deleted since, and new
 * untracked-not-ignored files: what a rollback of "everything the run did" would have to touch.
 */
export async function changedSinceCheckpoint(repoRoot: string, checkpoint: Checkpoint): Promise<string[]> {
  return (await compareWithCheckpoint(repoRoot, checkpoint)).changed;
}

/** The changed paths together with the checkpoint's tree, for callers that also ask what existed then. */
export async function compareWithCheckpoint(
  repoRoot: string,
  checkpoint: Checkpoint,
): Promise<{ changed: string[]; then: TreeMap }> {
  const [then, now] = await Promise.all([
    readTree(repoRoot, checkpoint.tree),
    scanWorkingTree(repoRoot, { write: false }),
  ]);
  const changed = new Set<string>();
  for (const [path, entry] of now) {
    const old = then.get(path);
    if (!old || old.oid !== entry.oid || old.mode !== entry.mode) changed.add(path);
  }
  for (const path of then.keys()) if (!now.has(path)) changed.add(path);
  return { changed: [...changed].sort(), then };
}
