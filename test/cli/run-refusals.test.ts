import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeTempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";

/** `leash run` refused by the repository's state: a clear error, and nothing left behind. */

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("leash run refused by the repository", () => {
  it("with no commit yet: git.no_commits, and no ledger nor .leash/ is created", () => {
    repo = makeTempRepo(
      {
        "a.txt": "a\n",
        "leash.yaml": 'version: 1\ncommands:\n  v: { argv: ["git", "--version"], timeout_s: 10 }\n',
        "tasks/t.yaml": "version: 1\ngoal: g\nintent: bugfix\nallowed_files: [a.txt]\nvalidators: [v]\n",
      },
      { commit: false },
    );
    const before = repo.snapshot({ includeLeash: true });
    const r = runLeash(repo.root, ["run", "tasks/t.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the repository has no commits yet [git.no_commits]");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(repo.root, ".leash"))).toBe(false);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("with the allowed file dirty: refused, and nothing is written, not even a ledger under .leash/", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    repo.write("src/add.js", `${ADD_BUGGY}// mine\n`);
    const before = repo.snapshot({ includeLeash: true });
    const r = runLeash(repo.root, ["run", task]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("[git.dirty_allowed_files]");
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
    expect(existsSync(join(repo.root, ".leash"))).toBe(false);
    expect(repo.git("status", "--porcelain")).toBe(" M src/add.js\n");
  });

  it("with the allowed file dirty in the second of two tasks: the first runs, the second is refused", () => {
    repo = makeJsProject();
    const first = writeTask(repo, "first", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    // The first task's accepted patch stays in the working tree: the second task's file is dirty.
    const second = writeTask(repo, "second", {
      fake: { responses: [{ unified_diff: diffFor(ADD_FIXED, ADD_BUGGY) }] },
    });
    const r = runLeash(repo.root, ["run", "-q", first, second]);
    expect(r.stderr).toContain("[git.dirty_allowed_files]");
    expect(r.stdout).toMatch(/accepted first run \S+ exit 0/);
    expect(existsSync(join(repo.root, ".leash", "ledger.sqlite"))).toBe(true);
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
  });
});
