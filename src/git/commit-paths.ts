import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { runGit } from "../exec/run-git.js";
import { LEASH_GIT_IDENTITY } from "./checkpoint.js";
import { gitOk } from "./git-call.js";
import { LEASH_DIR } from "./scan-worktree.js";

const ZERO_OID = "0000000000000000000000000000000000000000";

/**
 * Commits exactly `paths` (their working-tree bytes) on top of HEAD through a throwaway index,
 * so nothing else the operator has staged or changed rides along. With `branch`, only a new
 * branch ref is created; without, the current branch moves and the index entries of just these
 * paths are refreshed so `git status` stays clean for them.
 */
export async function commitPaths(
  repoRoot: string,
  paths: string[],
  message: string,
  options: { branch?: string; tag: string },
): Promise<{ commit: string }> {
  if (options.branch !== undefined) await checkNewBranchName(repoRoot, options.branch);
  const head = (await gitOk(["rev-parse", "--verify", "HEAD^{commit}"], { cwd: repoRoot }))
    .toString("utf8")
    .trim();
  const tmpDir = join(repoRoot, LEASH_DIR, "tmp");
  await mkdir(tmpDir, { recursive: true });
  const env = { GIT_INDEX_FILE: join(tmpDir, `commit-${options.tag}-${process.pid}.index`) };
  try {
    await gitOk(["read-tree", head], { cwd: repoRoot, env });
    await gitOk(["update-index", "--add", "--remove", "-z", "--stdin"], {
      cwd: repoRoot,
      env,
      stdin: paths.map((p) => `${p}\0`).join(""),
    });
    const tree = (await gitOk(["write-tree"], { cwd: repoRoot, env })).toString("utf8").trim();
    const identity = (await hasIdentity(repoRoot)) ? {} : LEASH_GIT_IDENTITY;
    const commit = (
      await gitOk(["commit-tree", tree, "-p", head, "-m", message], { cwd: repoRoot, env: identity })
    )
      .toString("utf8")
      .trim();
    if (options.branch !== undefined) {
      await gitOk(
        ["update-ref", "-m", "leash: accepted patch", `refs/heads/${options.branch}`, commit, ZERO_OID],
        {
          cwd: repoRoot,
        },
      );
    } else {
      await gitOk(["update-ref", "-m", "leash: accepted patch", "HEAD", commit, head], { cwd: repoRoot });
      await gitOk(["reset", "-q", "--", ...paths], { cwd: repoRoot });
    }
    return { commit };
  } finally {
    await rm(env.GIT_INDEX_FILE, { force: true });
  }
}

async function hasIdentity(repoRoot: string): Promise<boolean> {
  const r = await runGit(["var", "GIT_COMMITTER_IDENT"], { cwd: repoRoot });
  return r.exitCode === 0;
}

/**
 * The first of `base`, `base-2`, `base-3`… that names no branch yet: a batch rerun gets a new
 * branch beside the earlier one, never a refusal for a flag the operator did not pass.
 */
export async function firstFreeBranchName(
  repoRoot: string,
  base: string,
  taken: Set<string>,
): Promise<string> {
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (taken.has(name)) continue;
    const exists = await runGit(["rev-parse", "--verify", "-q", `refs/heads/${name}`], { cwd: repoRoot });
    if (exists.exitCode !== 0) {
      const valid = await runGit(["check-ref-format", "--branch", name], { cwd: repoRoot });
      if (valid.exitCode !== 0) {
        throw new InputError("git.bad_branch", `"${name}" is not a valid branch name`, {
          hint: "give the task an id made of letters, digits, '-' and '_'",
        });
      }
      return name;
    }
  }
}

export async function checkNewBranchName(repoRoot: string, branch: string): Promise<void> {
  const valid = await runGit(["check-ref-format", "--branch", branch], { cwd: repoRoot });
  if (valid.exitCode !== 0) {
    throw new InputError("git.bad_branch", `"${branch}" is not a valid branch name`, {
      hint: "use letters, digits, '/', '-' and '_' (see git check-ref-format)",
    });
  }
  const exists = await runGit(["rev-parse", "--verify", "-q", `refs/heads/${branch}`], { cwd: repoRoot });
  if (exists.exitCode === 0) {
    throw new InputError("git.branch_exists", `branch ${branch} already exists`, {
      hint: "choose a new branch name for --branch; Leash never moves an existing branch",
    });
  }
}
