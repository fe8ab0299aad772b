import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import { makeUnwritable, type Unwritable, unwritableSkipReason } from "../helpers/unwritable.js";

/**
 * Issue 15, item 5: Leash's own files (run directory, state, events, artifacts) cannot be
 * written — the disk is full or the directory is not writable. The run must stop with a clear
 * error naming the path (exit 2, never 70 with a trace), the tree rolled back, the lock released.
 */

function tmpfsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return "a small tmpfs needs root (mount -t tmpfs); not running as root";
  const probe = mkdtempSync(join(tmpdir(), "leash-tmpfs-probe-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return undefined;
  } catch {
    return "running as root, but mount -t tmpfs is not permitted here (no CAP_SYS_ADMIN?)";
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const noTmpfs = tmpfsSkipReason();
const noUnwritable = unwritableSkipReason();
if (noTmpfs) console.warn(`disk-full test skipped: ${noTmpfs}`);
if (noUnwritable) console.warn(`unwritable .leash/runs test skipped: ${noUnwritable}`);

let repo: TempRepo | undefined;
let mounted: string | undefined;
let locked: Unwritable | undefined;
afterEach(() => {
  if (mounted) execFileSync("umount", [mounted], { stdio: "ignore" });
  mounted = undefined;
  if (locked?.ok) locked.undo();
  locked = undefined;
  repo?.cleanup();
  repo = undefined;
});

const FIX = { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } };

function expectCleanStop(r: TempRepo, run: ReturnType<typeof runLeash>, before: Map<string, Buffer>) {
  expect(run.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
  expect(run.status).toBe(2);
  expect(existsSync(join(r.root, ".leash", "lock"))).toBe(false);
  expect(r.snapshot()).toEqual(before);
}

describe.skipIf(noTmpfs !== undefined)("the disk fills while the run writes its artifacts", () => {
  it("ENOSPC: exit 2 naming the file, the applied patch rolled back, the lock released", async () => {
    // A validator whose output (about 60 KB once capped) cannot fit in what the tmpfs has left.
    repo = makeJsProject({
      commands: {
        unit: { argv: ["node", "--test"], timeout_s: 60 },
        noisy: { argv: ["node", "-e", "process.stdout.write('x'.repeat(200000))"], timeout_s: 60 },
      },
    });
    repo.commitAll("noisy validator");
    const task = writeTask(repo, "fix", { validators: ["noisy"], ...FIX });
    const before = repo.snapshot();
    const runs = join(repo.root, ".leash", "runs");
    mkdirSync(runs, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=48k", "tmpfs", runs]);
    mounted = runs;
    const run = runLeash(repo.root, ["run", "-q", task]);
    expect(run.stderr).toMatch(
      /no space left on the device: cannot write .*\.leash\/runs\/.*\/attempts\/1\/validators\/noisy\.txt \(ENOSPC\)/,
    );
    expect(run.stderr).toMatch(/\[io\.no_space\]\n {2}hint: free space/);
    expectCleanStop(repo, run, before);
    expect((await ledgerRows(repo.root)).filter((r) => r.status === "reserved")).toEqual([]);

    execFileSync("umount", [runs]);
    mounted = undefined;
    const again = runLeash(repo.root, ["run", "-q", writeTask(repo, "again", FIX)]);
    expect(again.status).toBe(0);
  });
});

describe.skipIf(noUnwritable !== undefined)(".leash/runs is not writable", () => {
  it("exit 2 naming .leash/runs, nothing changed, the lock released", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", FIX);
    const before = repo.snapshot();
    const runs = join(repo.root, ".leash", "runs");
    mkdirSync(runs, { recursive: true });
    locked = makeUnwritable(runs);
    const run = runLeash(repo.root, ["run", "-q", task]);
    expect(run.stderr).toMatch(/permission denied: cannot mkdir .*\.leash\/runs\/.* \((EACCES|EPERM)\)/);
    expect(run.stderr).toMatch(/\[io\.not_writable\]\n {2}hint: /);
    expectCleanStop(repo, run, before);

    if (locked.ok) locked.undo();
    locked = undefined;
    expect(runLeash(repo.root, ["run", "-q", task]).status).toBe(0);
  });
});
