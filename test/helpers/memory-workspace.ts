import picomatch from "picomatch";
import { patchInfo } from "../../src/engine/patch-info.js";
import type { WorkspacePort } from "../../src/engine/ports.js";
import { InternalError } from "../../src/errors.js";
import { parseUnifiedDiff } from "../../src/patch/parse-diff.js";
import { preparePatchWith } from "../../src/patch/prepare-with.js";
import type { PathFacts, RepoFacts, SafetyPolicy } from "../../src/patch/safety/types.js";
import { applyInMemory, type Tree } from "./apply-in-memory.js";

/**
 * A WorkspacePort over a Map of files: the checkpoint is a copy taken at creation, rollback puts
 * bytes back from it, commits are recorded. preparePatch runs the real patch road (parse, safety,
 * repair, regions) over the Map; only `git apply` is replaced, by apply-in-memory.ts.
 */

export interface MemoryWorkspace extends WorkspacePort {
  /** The working tree now. */
  files: Tree;
  /** The tree when the run's checkpoint was taken. */
  readonly checkpoint: ReadonlyMap<string, Buffer>;
  atRisk: string[];
  rollbacks: string[][];
  commits: { files: string[]; message: string; branch?: string; commit: string }[];
  /** Paths that differ from the checkpoint, new and deleted ones included. */
  changed(): string[];
  /** Text of a file now, or null. */
  text(path: string): string | null;
}

export interface MemoryWorkspaceOptions {
  policy: SafetyPolicy;
  /** Forbidden to read (the task's forbidden_paths); defaults to the policy's. */
  forbiddenGlobs?: string[];
  /** A fault to inject: the named operation throws this message. */
  fail?: { apply?: string; rollback?: string };
}

export const MEMORY_ROOT = "/memory/repo";

export function memoryWorkspace(
  initial: Record<string, string | Buffer>,
  options: MemoryWorkspaceOptions,
): MemoryWorkspace {
  const files: Tree = new Map(Object.entries(initial).map(([p, c]) => [p, Buffer.from(c)]));
  const checkpoint: ReadonlyMap<string, Buffer> = new Map(files);
  const forbidden = picomatch(options.forbiddenGlobs ?? options.policy.forbiddenGlobs, {
    dot: true,
    nocase: true,
  });
  const allowed = picomatch(options.policy.allowedGlobs, { dot: true });
  const readFile = (path: string) => files.get(path) ?? null;
  const ws: MemoryWorkspace = {
    repoRoot: MEMORY_ROOT,
    files,
    checkpoint,
    atRisk: [],
    rollbacks: [],
    commits: [],
    changed() {
      const paths = new Set([...checkpoint.keys(), ...files.keys()]);
      return [...paths].filter((p) => !sameBytes(checkpoint.get(p), files.get(p))).sort();
    },
    text: (path) => files.get(path)?.toString("utf8") ?? null,
    readFile: async (path) => (forbidden(path) ? null : readFile(path)),
    async expandGlobs(globs) {
      if (globs.length === 0) return [];
      const match = picomatch(globs, { dot: true });
      return [...files.keys()].filter((p) => match(p) && !forbidden(p) && !p.startsWith(".leash/")).sort();
    },
    async preparePatch(output) {
      const result = await preparePatchWith(output, options.policy, {
        readFile,
        facts: async (paths) => factsOf(files, checkpoint, paths),
        async check(diffText) {
          const parsed = parseUnifiedDiff(diffText);
          if (!parsed.ok) return { ok: false, reason: parsed.reason };
          const applied = applyInMemory(files, parsed.value);
          return applied.ok ? { ok: true } : applied;
        },
      });
      return patchInfo(result);
    },
    async markAtRisk(paths) {
      for (const p of paths) if (!ws.atRisk.includes(p)) ws.atRisk.push(p);
    },
    async apply(patch) {
      if (options.fail?.apply) return { ok: false, stage: "apply", reason: options.fail.apply };
      const applied = applyInMemory(files, patch.parsed);
      if (!applied.ok) return { ok: false, stage: "check", reason: applied.reason };
      files.clear();
      for (const [p, c] of applied.tree) files.set(p, c);
      return { ok: true, touched: applied.touched };
    },
    async rollback(paths) {
      ws.rollbacks.push([...paths]);
      if (options.fail?.rollback) {
        throw new InternalError(
          "git.rollback_mismatch",
          `rollback could not restore: ${options.fail.rollback}`,
        );
      }
      for (const p of paths) {
        const then = checkpoint.get(p);
        if (then === undefined) files.delete(p);
        else files.set(p, then);
      }
    },
    async unexpectedChanges(patchFiles) {
      return ws.changed().filter((p) => !patchFiles.includes(p) && (checkpoint.has(p) || allowed(p)));
    },
    async commit(filesToCommit, message, branch) {
      const commit = (ws.commits.length + 1).toString(16).padStart(40, "c");
      ws.commits.push({ files: [...filesToCommit], message, commit, ...(branch ? { branch } : {}) });
      // Like the real one: a new branch carries the change and the checkout goes back.
      if (branch !== undefined) await ws.rollback(filesToCommit);
      return { commit };
    },
  };
  return ws;
}

/** What gather-repo-facts would find: every file of the checkpoint is tracked as 100644; no symlinks. */
function factsOf(files: Tree, tracked: ReadonlyMap<string, Buffer>, paths: string[]): RepoFacts {
  const known = new Set<string>();
  for (const p of files.keys()) {
    const parts = p.split("/");
    for (let k = 1; k <= parts.length; k++) known.add(parts.slice(0, k).join("/"));
  }
  const out: RepoFacts = { repoRoot: MEMORY_ROOT, paths: {} };
  for (const path of new Set(paths)) {
    const facts: PathFacts = {
      exists: known.has(path),
      isSymlink: false,
      symlinks: [],
      caseTwins: [...known].filter((k) => k !== path && k.toLowerCase() === path.toLowerCase()),
    };
    if (tracked.has(path)) facts.trackedMode = "100644";
    out.paths[path] = facts;
  }
  return out;
}

function sameBytes(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.equals(b);
}
