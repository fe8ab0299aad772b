import type { Checkpoint } from "../contract/checkpoint.js";
import { InputError, InternalError } from "../errors.js";
import { killPoint } from "../exec/kill-point.js";
import { runGit } from "../exec/run-git.js";
import { gitOk, quotePath } from "./git-call.js";
import { rememberTree, scanWorkingTree, type TreeMap } from "./scan-worktree.js";

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
 * Snapshots tracked and untracked-not-ignored files without touching the operator's index, HEAD,
 * branch or stash; the commit lives under a ref of Leash's own. The scan writes the blobs; one
 * `git fast-import` then writes the trees, the commit and the ref, which took four processes
 * (update-index into a throwaway index, write-tree, commit-tree, update-ref) before.
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
  killPoint("checkpoint:blobs");
  const ref = `${CHECKPOINT_REF_PREFIX}${runId}`;
  const parent = head.exitCode === 0 ? head.stdout.toString("utf8").trim() : undefined;
  const { commit, tree } = await importCommit(repoRoot, {
    ref,
    parent,
    message: `leash checkpoint ${runId}`,
    date: `${Math.floor(Date.parse(createdAt) / 1000)} +0000`,
    entries,
  });
  rememberTree(repoRoot, tree, entries);
  const modes: Record<string, number> = {};
  for (const [path, e] of entries) {
    if (e.perms !== undefined && e.perms !== 0o644 && e.perms !== 0o755) modes[path] = e.perms;
  }
  return { ref, commit, tree, createdAt, ...(Object.keys(modes).length > 0 ? { modes } : {}) };
}

interface ImportedCommit {
  ref: string;
  parent: string | undefined;
  /** One line; the commit stores it with a final newline, as `commit-tree -m` does. */
  message: string;
  /** git's raw date: seconds since the epoch and a zone. */
  date: string;
  entries: TreeMap;
}

/**
 * One commit whose tree is exactly `entries` (blobs already in the object store), written with
 * its ref by `git fast-import`. `ls ""` inside the commit prints the root tree it built; `--done`
 * makes a stream cut short an error instead of a partial commit. `--force` replaces a ref of the
 * same name, as update-ref did.
 */
async function importCommit(repoRoot: string, c: ImportedCommit): Promise<{ commit: string; tree: string }> {
  const ident = `${LEASH_GIT_IDENTITY.GIT_COMMITTER_NAME} <${LEASH_GIT_IDENTITY.GIT_COMMITTER_EMAIL}> ${c.date}`;
  const message = Buffer.from(`${c.message}\n`, "utf8");
  const lines = [
    `commit ${c.ref}`,
    "mark :1",
    `author ${ident}`,
    `committer ${ident}`,
    `data ${message.length}`,
    c.message,
    ...(c.parent ? [`from ${c.parent}`] : []),
    "deleteall",
  ];
  for (const [path, e] of c.entries) lines.push(`M ${e.mode} ${e.oid} ${quotePath(path)}`);
  lines.push('ls ""', "", "get-mark :1", "done", "");
  const out = (
    await gitOk(["fast-import", "--quiet", "--done", "--force", "--cat-blob-fd=1"], {
      cwd: repoRoot,
      stdin: lines.join("\n"),
    })
  )
    .toString("utf8")
    .split("\n");
  const tree = /^040000 tree ([0-9a-f]+)\t/.exec(out[0] ?? "")?.[1];
  const commit = /^([0-9a-f]+)$/.exec(out[1] ?? "")?.[1];
  if (!tree || !commit) {
    throw new InternalError("git.failed", `git fast-import gave no tree and commit for ${c.ref}`, {
      hint: "run `git fsck` in the repository; then `leash recover`",
      details: { stdout: out.join("\n") },
    });
  }
  return { commit, tree };
}
