import { spawnSync } from "node:child_process";
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
import { LEASH_BIN, runLeash } from "../helpers/leash-cli.js";

/**
 * SPEC §2: progress stage by stage. On a pseudo-terminal (util-linux `script`) one live line is
 * rewritten in place; piped, plain timestamped lines; `--quiet` prints the one-line result only.
 */

const hasScript = spawnSync("script", ["--version"]).status === 0;

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function twoAttemptTask(): string {
  repo = makeJsProject();
  return writeTask(repo, "fix", {
    budget: { max_attempts: 2 },
    fake: {
      responses: [
        { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
        { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
      ],
    },
  });
}

describe("progress", () => {
  it.skipIf(!hasScript)("on a terminal: one live line, rewritten in place, then the report", () => {
    const task = twoAttemptTask();
    const r = spawnSync("script", ["-qfec", `${process.execPath} ${LEASH_BIN} run ${task}`, "/dev/null"], {
      cwd: repo.root,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", COLUMNS: "200" },
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    const redraws = r.stdout.split("\r\u001b[2K").slice(1);
    expect(redraws.length).toBeGreaterThan(5);
    expect(
      redraws.some((l) => /^fix ▸ attempt 2: validate · attempt 2\/2 · \d+\.\d s · spent \$/.test(l)),
    ).toBe(true);
    expect(r.stdout).toMatch(/reserved \$/);
    // NO_COLOR: the live line and the report carry no colour codes.
    expect(r.stdout).not.toMatch(/\u001b\[3\dm/);
    expect(r.stdout).toMatch(/accepted/);
  });

  it("piped: one timestamped line per stage on stderr", () => {
    const task = twoAttemptTask();
    const r = runLeash(repo.root, ["run", task]);
    expect(r.status).toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ \S/);
    }
    expect(r.stderr).toMatch(/ attempt 1: call · attempt 1\/2 · /);
    expect(r.stderr).not.toMatch(/\r|\u001b/);
  });

  it("--quiet: nothing on stderr, one line with the run id on stdout", () => {
    const task = twoAttemptTask();
    const r = runLeash(repo.root, ["--quiet", "run", task]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const out = r.stdout.trim().split("\n");
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^accepted fix run \d{8}-\d{6}-fix-[0-9a-f]+ exit 0 · \$/);
  });
});
