import { afterEach, describe, expect, it } from "vitest";
import { addTaskWorktree, removeTaskWorktree } from "../../src/git/worktree.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

/**
 * A --concurrency run makes and removes its tasks' worktrees at the same moments. git's own
 * bookkeeping is not safe against itself there (a prune beside an add, an add reading an entry a
 * remove is deleting: "failed to read .git/worktrees/X/commondir"); Leash's calls take turns.
 * Without the turns this failed two runs in three on the 2-core machine the suite runs on.
 */

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("task worktrees made and removed at once", () => {
  it("all succeed, and none is left behind", { timeout: 120_000 }, async () => {
    repo = makeTempRepo({ "a.txt": "a\n" });
    const root = repo.root;
    for (let round = 0; round < 10; round++) {
      const made = await Promise.all(
        Array.from({ length: 6 }, (_, i) => addTaskWorktree(root, `r${round}-t${i}`)),
      );
      // Removing some while making others: the moment a concurrent run's tasks overlap.
      await Promise.all([
        ...made.slice(0, 3).map((dir) => removeTaskWorktree(root, dir)),
        ...Array.from({ length: 3 }, (_, i) => addTaskWorktree(root, `r${round}-u${i}`)),
      ]);
      const listed = repo.git("worktree", "list", "--porcelain");
      const left = listed
        .split("\n")
        .filter((l) => l.startsWith("worktree "))
        .slice(1);
      await Promise.all(left.map((l) => removeTaskWorktree(root, l.slice("worktree ".length))));
    }
    expect(repo.git("worktree", "list").trim().split("\n")).toHaveLength(1);
  });
});
