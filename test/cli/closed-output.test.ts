import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { LEASH_BIN } from "../helpers/leash-cli.js";
import { runStates } from "../helpers/run-invariants.js";

/**
 * `leash run … | head -1`: the reader goes away while the run holds the lock and has applied a
 * patch. The run must still end as it would have (accepted and kept, or rolled back) and release
 * its lock; only its output is lost.
 */

let repo: TempRepo;
afterEach(() => repo?.cleanup());

/** Runs leash with both output pipes closed by the reader at once; resolves with the exit code. */
function runWithClosedOutput(cwd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LEASH_BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    child.stderr.destroy();
    child.on("error", reject);
    child.on("exit", (code) => resolve(code));
  });
}

describe("a closed stdout and stderr", () => {
  it("an accepted run still finishes: patch kept, report written, lock released, exit 0", async () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const code = await runWithClosedOutput(repo.root, ["run", task]);
    expect(code).toBe(0);
    expect(readFileSync(join(repo.root, "src/add.js"), "utf8")).toBe(ADD_FIXED);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
    const states = runStates(repo.root);
    expect(states.map((s) => s.status)).toEqual(["accepted"]);
    const report = JSON.parse(
      readFileSync(join(repo.root, ".leash", "runs", states[0]?.runId ?? "", "report.json"), "utf8"),
    ) as { status: string };
    expect(report.status).toBe("accepted");
  });

  it("a failing run still rolls back: bytes unchanged, lock released, its own exit code", async () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) }] },
    });
    const before = repo.snapshot();
    const code = await runWithClosedOutput(repo.root, ["run", "--json", task]);
    expect(code).toBe(1);
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
    expect(runStates(repo.root)).toHaveLength(1);
    expect(runStates(repo.root)[0]?.status).not.toBe("running");
  });
});
