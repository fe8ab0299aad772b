import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Checkpoint } from "../contract/checkpoint.js";
import { InputError } from "../errors.js";
import { killPoint } from "../exec/kill-point.js";
import { runGit } from "../exec/run-git.js";
import { gitOk } from "./git-call.js";
import { LEASH_DIR, rememberTree, scanWorkingTree } from "./scan-worktree.js";

export type { Checkpoint } from "../contract/checkpoint.js";

export const CHECKPOINT_REF_PREFIX = "refs/leash/checkpoints/";

/** Leash signs its own checkpoint commits: CI machines have no git identity configured. */
export const LEASH_GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "Leash",
  GIT_AUTHOR_EMAIL: "leash@localhost.invalid",
  GIT_COMMITTER_NAME: "Leash",
  GIT_COMMITTER_EMAIL: "leash@localhost.invalid",
};

/**
 * Snapshots tracked and untracked-not-ignored files through a throwaway index, so the operator's
 * index, HEAD, branch and stash never move; the commit lives under a ref of Leash's own.
 */
export async function createCheckpoint(repoRoot: string, runId: string): Promise<Checkpoint> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId) || runId.includes("..")) {
    throw new InputError("git.bad_run_id", `run id "${runId}" cannot name a checkpoint ref`, {
      hint: "run ids come from newRunId(); use letters, digits, dot, dash and underscore only",
    });
  }
  const createdAt = new Date().toISOString();
  const [entries, head] = await Promise.all([
    scanWorkingTree(repoRoot, { write: true }),
    runGit(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { cwd: repoRoot }),
  ]);
  const tmpDir = join(repoRoot, LEASH_DIR, "tmp");
  await mkdir(tmpDir, { recursive: true });
  const indexFile = join(tmpDir, `checkpoint-${runId}-${process.pid}.index`);
  const env = { GIT_INDEX_FILE: indexFile };
  try {
    await rm(indexFile, { force: true });
    const info = [...entries].map(([path, e]) => `${e.mode} ${e.oid}\t${path}\0`).join("");
    await gitOk(["update-index", "-z", "--index-info"], { cwd: repoRoot, env, stdin: info });
    killPoint("checkpoint:index");
    const tree = (await gitOk(["write-tree"], { cwd: repoRoot, env })).toString("utf8").trim();
    rememberTree(repoRoot, tree, entries);
    const parent = head.exitCode === 0 ? ["-p", head.stdout.toString("utf8").trim()] : [];
    const commit = (
      await gitOk(["commit-tree", tree, ...parent, "-m", `leash checkpoint ${runId}`], {
        cwd: repoRoot,
        env: { ...LEASH_GIT_IDENTITY, GIT_AUTHOR_DATE: createdAt, GIT_COMMITTER_DATE: createdAt },
      })
    )
      .toString("utf8")
      .trim();
    const ref = `${CHECKPOINT_REF_PREFIX}${runId}`;
    await gitOk(["update-ref", "-m", "leash checkpoint", ref, commit], { cwd: repoRoot });
    const modes: Record<string, number> = {};
    for (const [path, e] of entries) {
      if (e.perms !== undefined && e.perms !== 0o644 && e.perms !== 0o755) modes[path] = e.perms;
    }
    return { ref, commit, tree, createdAt, ...(Object.keys(modes).length > 0 ? { modes } : {}) };
  } finally {
    await rm(indexFile, { force: true });
  }
}
