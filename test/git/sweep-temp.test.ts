import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepStaleTemp } from "../../src/git/sweep-temp.js";
import { deadPid } from "../helpers/dead-pid.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("sweepStaleTemp", () => {
  it("removes the scratch files of a process that is gone, and keeps a live one's", async () => {
    repo = makeTempRepo({ "a.txt": "a\n" });
    const tmp = join(repo.root, ".leash", "tmp");
    mkdirSync(tmp, { recursive: true });
    const dead = deadPid();
    const live = process.ppid;
    const names = (pid: number) => [
      `checkpoint-r1-${pid}.index`,
      `commit-t-${pid}.index.lock`,
      `clock-${pid}`,
    ];
    for (const name of [...names(dead), ...names(live), "notes.txt"]) writeFileSync(join(tmp, name), "");

    const removed = await sweepStaleTemp(repo.root);

    expect(removed.sort()).toEqual(
      names(dead)
        .map((n) => join(".leash", "tmp", n))
        .sort(),
    );
    for (const name of [...names(live), "notes.txt"]) expect(existsSync(join(tmp, name)), name).toBe(true);
  });
});
