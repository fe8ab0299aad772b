import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/**
 * A ledger committed by mistake: git can put back an older copy (a stash, a checkout) and the
 * budget forgets what was spent. The run says so, from the status its dirty check reads anyway.
 */

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

type Report = { status: string; warnings?: string[] };

const WARNING = /^git tracks Leash's own files \(\.leash\/ledger\.sqlite\): .*git rm -r --cached \.leash/;

describe("Leash's own files tracked by git", () => {
  it("the run report warns once the tracked ledger has changed, and the run still works", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    // Written before the ledger is committed: writeTask commits everything it finds.
    const other = writeTask(repo, "also", {
      intent: "diagnose",
      fake: { responses: [{ diagnosis: "nothing to do" }] },
    });
    const first = runJson<Report>(repo.root, [task]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.report?.warnings).toBeUndefined();
    repo.git("checkout", "--", "src/add.js");
    repo.git("add", "-f", ".leash/ledger.sqlite");
    repo.git("commit", "-q", "-m", "the ledger, by mistake");
    // Any write to the ledger makes it show as modified; clearing simulated spend is one.
    expect(runLeash(repo.root, ["ledger", "clear", "--simulated"]).status).toBe(0);
    const second = runJson<Report>(repo.root, [task]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.report?.warnings).toEqual([expect.stringMatching(WARNING)]);

    // --concurrency runs each task in a worktree whose copy is unchanged: said once, before them.
    repo.git("checkout", "--", "src/add.js");
    const pool = runLeash(repo.root, ["run", "--concurrency", "2", task, other]);
    expect(pool.status, pool.stderr).toBe(0);
    expect(pool.stderr.split("\n").filter((l) => WARNING.test(l.replace(/^warning: /, "")))).toHaveLength(1);
  });
});
