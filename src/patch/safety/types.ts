import type { LineRange } from "../../outline/region.js";
import type { ParsedPatch } from "../types.js";

/** Limits and globs a patch is held to; built from leash.yaml and the task. */
export interface SafetyPolicy {
  /** A path must match one of these (the task's `allowed_files`); empty allows nothing. */
  allowedGlobs: string[];
  /** Matched case-insensitively, so `SECRETS/x` cannot dodge `secrets/**`. */
  forbiddenGlobs: string[];
  maxPatchBytes: number;
  maxFiles: number;
  maxHunks: number;
  /** Allowed files whose task names regions: the only old lines a patch may change there. */
  regions?: Record<string, LineRange[]>;
}

/** A symlink met while walking a path's components from the repository root. */
export interface SymlinkHop {
  /** Repo-relative prefix of the path that is a symlink. */
  at: string;
  target: string;
  leavesRepo: boolean;
}

/** What the disk and the index say about one path, gathered before the pure checks. */
export interface PathFacts {
  exists: boolean;
  /** The path itself is a symlink. */
  isSymlink: boolean;
  /** Symlinks among the path's components, the last one included. */
  symlinks: SymlinkHop[];
  /** Existing paths (disk or index) that equal this one ignoring case but not exactly. */
  caseTwins: string[];
  /** Mode in the index (`git ls-files -s`), e.g. 100644, 120000, 160000. */
  trackedMode?: string;
}

export interface RepoFacts {
  repoRoot: string;
  /** Keyed by the path exactly as the patch names it. */
  paths: Record<string, PathFacts>;
}

export interface Violation {
  rule: string;
  code: string;
  /** The offending path; empty for whole-patch limits. */
  path: string;
  message: string;
  hint: string;
}

export type SafetyVerdict = { ok: true } | { ok: false; violations: Violation[] };

/** One rule: a pure function of the patch, the gathered facts and the policy. */
export type SafetyRule = (patch: ParsedPatch, facts: RepoFacts, policy: SafetyPolicy) => Violation[];
