import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCheckpoint } from "../../src/git/checkpoint.js";
import { readBlobs } from "../../src/git/read-blobs.js";
import { rollbackToCheckpoint } from "../../src/git/rollback.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function hashed(repo: TempRepo, bytes: Buffer): string {
  return execFileSync("git", ["hash-object", "-w", "--stdin"], { cwd: repo.root, input: bytes })
    .toString("utf8")
    .trim();
}

describe("readBlobs", () => {
  it("returns each blob's exact bytes (newlines, NULs, empty), once per oid, and leaves out what git lacks", async () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    const binary = Buffer.from([0x00, 0x0a, 0xff, 0x0a, 0x0a, 0x31, 0x20, 0x62, 0x6c, 0x6f, 0x62]);
    const texts = [binary, Buffer.alloc(0), Buffer.from("no newline"), Buffer.from("x\n".repeat(10_000))];
    const oids = texts.map((t) => hashed(repo, t));
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const tree = repo.git("rev-parse", "HEAD^{tree}").trim();
    const got = await readBlobs(repo.root, [oids[0]!, missing, ...oids, tree, oids[1]!]);
    expect([...got.keys()].sort()).toEqual([...new Set(oids)].sort());
    for (const [i, t] of texts.entries()) expect(got.get(oids[i]!)?.equals(t)).toBe(true);
  });
});

describe("a rollback whose checkpoint lost a blob", () => {
  it("names the path and the missing object, restores the others, and reports the rollback failed", async () => {
    const repo = makeTempRepo({ "keep.txt": "keep\n" });
    repos.push(repo);
    repo.write("lost.txt", "only in the checkpoint\n");
    const checkpoint = await createCheckpoint(repo.root, "lost-blob");
    const lostOid = repo.git("rev-parse", `${checkpoint.commit}:lost.txt`).trim();
    rmSync(join(repo.root, ".git", "objects", lostOid.slice(0, 2), lostOid.slice(2)));
    repo.write("lost.txt", "changed\n");
    repo.write("keep.txt", "changed\n");
    const result = await rollbackToCheckpoint(repo.root, checkpoint, ["lost.txt", "keep.txt"]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failures).toEqual([
      expect.objectContaining({ path: "lost.txt", code: "git.missing_object" }),
    ]);
    expect(result.mismatches).toEqual(["lost.txt"]);
    expect(repo.read("keep.txt").toString()).toBe("keep\n");
  });
});
