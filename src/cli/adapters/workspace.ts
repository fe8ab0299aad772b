import picomatch from "picomatch";
import { patchInfo } from "../../engine/patch-info.js";
import type { WorkspacePort } from "../../engine/ports.js";
import { InternalError } from "../../errors.js";
import { killPoint } from "../../exec/kill-point.js";
import { runGit } from "../../exec/run-git.js";
import { compareWithCheckpoint } from "../../git/changed-since.js";
import type { Checkpoint } from "../../git/checkpoint.js";
import { commitPaths } from "../../git/commit-paths.js";
import { splitNul } from "../../git/git-call.js";
import { rollbackToCheckpoint } from "../../git/rollback.js";
import { applyPatch } from "../../patch/apply-patch.js";
import { preparePatch } from "../../patch/prepare-patch.js";
import { readRepoFile } from "../../patch/read-repo-file.js";
import type { SafetyPolicy } from "../../patch/safety/types.js";
import type { RunStateStore } from "../../report/state.js";

export interface WorkspaceOptions {
  repoRoot: string;
  checkpoint: Checkpoint;
  policy: SafetyPolicy;
  forbiddenGlobs: string[];
  state: RunStateStore;
  tag: string;
}

/** The engine's view of the repository: reads, patch checks, apply, rollback and commit. */
export function createWorkspace(
  options: WorkspaceOptions,
): WorkspacePort & Pick<RepoReader, "forgetListing"> {
  const { repoRoot, checkpoint } = options;
  const reader = createRepoReader(repoRoot, options.forbiddenGlobs);
  return {
    ...reader,
    async preparePatch(output) {
      const result = await preparePatch(output, { repoRoot, policy: options.policy });
      return patchInfo(result);
    },
    async markAtRisk(paths) {
      await options.state.addPathsAtRisk(paths);
    },
    async apply(patch) {
      reader.forgetListing();
      const result = await applyPatch({
        repoRoot,
        diffText: patch.diffText,
        patch: patch.parsed,
        rollback: async () => {
          await this.rollback(patch.files);
        },
      });
      if (result.ok) killPoint("apply:written");
      return result.ok
        ? { ok: true, touched: result.touched }
        : { ok: false, stage: result.stage, reason: result.reason };
    },
    async rollback(paths) {
      reader.forgetListing();
      const result = await rollbackToCheckpoint(repoRoot, checkpoint, paths);
      if (!result.ok) {
        throw new InternalError(
          "git.rollback_mismatch",
          `rollback could not restore: ${[
            ...result.failures.map((f) => `${f.path} (${f.code})`),
            ...result.mismatches.filter((m) => !result.failures.some((f) => f.path === m)),
          ].join(", ")}`,
          {
            hint: `make those paths writable, then run \`leash recover\`; the checkpoint is ${checkpoint.ref}`,
          },
        );
      }
    },
    async unexpectedChanges(patchFiles) {
      const { changed, then } = await compareWithCheckpoint(repoRoot, checkpoint);
      const allowed = picomatch(options.policy.allowedGlobs, { dot: true });
      return changed.filter((p) => !patchFiles.includes(p) && (then.has(p) || allowed(p)));
    },
    async commit(files, message, branch) {
      reader.forgetListing();
      const committed = await commitPaths(repoRoot, files, message, { branch, tag: options.tag });
      // A new branch carries the change; the operator's checkout goes back to how it was.
      if (branch !== undefined) await this.rollback(files);
      return committed;
    },
  };
}

export type RepoReader = Pick<WorkspacePort, "repoRoot" | "readFile" | "expandGlobs"> & {
  /** The tree may have changed (Leash wrote to it, a validator ran): the next expansion lists again. */
  forgetListing(): void;
};

/**
 * Read-only access to the repository as the engine may see it: never a forbidden or outside path.
 * The tree is listed once and the listing kept until forgetListing(): an attempt's allowed and
 * context globs, and the classify stage before them, see one moment of the tree for one git call.
 */
export function createRepoReader(repoRoot: string, forbiddenGlobs: string[]): RepoReader {
  const forbidden = picomatch(forbiddenGlobs, { dot: true, nocase: true });
  let listing: Promise<string[]> | undefined;
  const listFiles = () => {
    if (listing) return listing;
    const current = runGit(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
      cwd: repoRoot,
    }).then((listed) => splitNul(listed.stdout));
    // A listing that failed is not kept: the next call tries again.
    current.catch(() => {
      if (listing === current) listing = undefined;
    });
    listing = current;
    return current;
  };
  return {
    repoRoot,
    // Never a forbidden path; readRepoFile also refuses anything through a symlink, `.git` or `..`.
    readFile: async (path) => (forbidden(path) ? null : readRepoFile(repoRoot, path)),
    async expandGlobs(globs) {
      if (globs.length === 0) return [];
      const listed = await listFiles();
      const match = picomatch(globs, { dot: true });
      const files = listed.filter((p) => match(p) && !forbidden(p) && !p.startsWith(".leash/"));
      return [...new Set(files)].sort();
    },
    forgetListing() {
      listing = undefined;
    },
  };
}
