import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { ModelOutput } from "../../../src/contract/model-output.js";
import type { SafetyPolicy } from "../../../src/patch/safety/types.js";
import type { TempRepo } from "../../helpers/git-repo.js";
import { makeTempRepo, snapshotTree } from "../../helpers/git-repo.js";

/** One folder of test/fixtures/patches, loaded and turned into a real repository. */

export interface CaseSetup {
  symlinks?: { path: string; target: string }[];
  modes?: { path: string; mode: string }[];
  gitlinks?: { path: string; sha: string }[];
}

export const DEFAULT_POLICY: SafetyPolicy = {
  allowedGlobs: ["**"],
  forbiddenGlobs: [],
  maxPatchBytes: 200_000,
  maxFiles: 10,
  maxHunks: 30,
};

export function readTree(dir: string, rel = ""): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const relPath = rel ? `${rel}/${name}` : name;
    if (statSync(join(dir, relPath)).isDirectory()) Object.assign(out, readTree(dir, relPath));
    else out[relPath] = readFileSync(join(dir, relPath));
  }
  return out;
}

const readJson = <T>(file: string): T | undefined =>
  existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : undefined;

export function loadCase(dir: string): {
  output: ModelOutput;
  policy: SafetyPolicy;
  refused?: string;
  expected?: Record<string, Buffer>;
} {
  const edits = readJson<Extract<ModelOutput, { kind: "edits" }>["edits"]>(join(dir, "edits.json"));
  const output: ModelOutput = edits
    ? { kind: "edits", edits }
    : { kind: "unified_diff", unifiedDiff: readFileSync(join(dir, "patch.txt"), "utf8") };
  const policy = { ...DEFAULT_POLICY, ...readJson<Partial<SafetyPolicy>>(join(dir, "policy.json")) };
  const refusedFile = join(dir, "refused.txt");
  const refused = existsSync(refusedFile) ? readFileSync(refusedFile, "utf8").trim() : undefined;
  const expected = existsSync(join(dir, "expected")) ? readTree(join(dir, "expected")) : undefined;
  return { output, policy, ...(refused ? { refused } : {}), ...(expected ? { expected } : {}) };
}

export function buildCaseRepo(dir: string): TempRepo {
  const repo = makeTempRepo(readTree(join(dir, "input")), { commit: false });
  const setup = readJson<CaseSetup>(join(dir, "setup.json")) ?? {};
  for (const link of setup.symlinks ?? []) symlinkSync(link.target, join(repo.root, link.path));
  for (const m of setup.modes ?? []) chmodSync(join(repo.root, m.path), Number.parseInt(m.mode, 8));
  repo.git("add", "-A");
  for (const g of setup.gitlinks ?? [])
    repo.git("update-index", "--add", "--cacheinfo", `160000,${g.sha},${g.path}`);
  repo.git("commit", "-q", "-m", "initial");
  return repo;
}

/** Puts the working tree back to a snapshot: the tests' stand-in for the checkpoint rollback. */
export function restoreSnapshot(root: string, snap: Map<string, Buffer>): void {
  for (const path of snapshotTree(root).keys()) {
    if (!snap.has(path) && !path.endsWith(" -> symlink")) rmSync(join(root, path), { force: true });
  }
  for (const [path, bytes] of snap) {
    if (!path.endsWith(" -> symlink")) writeFileSync(join(root, path), bytes);
  }
}
