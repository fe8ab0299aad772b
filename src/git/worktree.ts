import { existsSync, symlinkSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { runGit } from "../exec/run-git.js";
import { gitOk } from "./git-call.js";
import { LEASH_DIR } from "./scan-worktree.js";

/**
 * A task's own working tree for concurrent runs: a detached `git worktree` at HEAD under
 * .leash/worktrees/, so its patch, validators and rollback never touch the operator's files.
 */
export async function addTaskWorktree(repoRoot: string, name: string): Promise<string> {
  const dir = join(repoRoot, LEASH_DIR, "worktrees", name);
  await mkdir(join(repoRoot, LEASH_DIR, "worktrees"), { recursive: true });
  await gitOk(["worktree", "add", "--detach", "--quiet", dir, "HEAD"], { cwd: repoRoot });
  // Ignored dependencies are not part of HEAD; validators still need them, read from the repo's own.
  const deps = join(repoRoot, "node_modules");
  if (existsSync(deps) && !existsSync(join(dir, "node_modules")))
    symlinkSync(deps, join(dir, "node_modules"), "dir");
  return dir;
}

export async function removeTaskWorktree(repoRoot: string, dir: string): Promise<void> {
  await runGit(["worktree", "remove", "--force", dir], { cwd: repoRoot });
  await runGit(["worktree", "prune"], { cwd: repoRoot });
}
