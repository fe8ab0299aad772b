import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { scanWorkingTree, type TreeMap } from "../../src/git/scan-worktree.js";
import { forgetOids, lastScanReused } from "../../src/git/stat-cache.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

/**
 * The stat cache may only save work, never change an answer: every scan that reuses ids must
 * equal a scan that hashes every file, whatever was done to the files in between, including
 * rewrites that keep the size and put the old mtime back.
 */

const NAMES = ["a.txt", "b.txt", "src/c.js", "src/d.js"];
// Whole seconds, so utimes can put an mtime back exactly (its float seconds lose nanoseconds).
const OLD_TIME = 1_700_000_000;
let repo: TempRepo | undefined;

afterEach(() => {
  repo?.cleanup();
  repo = undefined;
  forgetOids();
});

function freshRepo(): TempRepo {
  const r = makeTempRepo(Object.fromEntries(NAMES.map((n) => [n, `${n} one\n`])));
  for (const n of NAMES) utimesSync(join(r.root, n), OLD_TIME, OLD_TIME);
  return r;
}

/** What git says each file is, hashed now from its bytes: the answer the cache must match. */
function truth(r: TempRepo): Map<string, string> {
  const listed = r.git(
    "ls-files",
    "-z",
    "--cached",
    "--others",
    "--exclude-standard",
    "--",
    ".",
    ":(exclude).leash",
  );
  const paths = [...new Set(listed.split("\0"))].filter((p) => p && existsSync(join(r.root, p))).sort();
  if (paths.length === 0) return new Map();
  // One git for every path: it prints their ids in order, each hashed from the bytes on disk.
  const oids = execFileSync("git", ["hash-object", "--no-filters", "--", ...paths], {
    cwd: r.root,
    encoding: "utf8",
  });
  return new Map(
    oids
      .trim()
      .split("\n")
      .map((oid, i) => [paths[i] as string, oid]),
  );
}

const oidsOf = (tree: TreeMap) => new Map([...tree].map(([p, e]) => [p, e.oid]));
const tick = () => new Promise((resolve) => setTimeout(resolve, 25));

type Op =
  | { kind: "same-size"; file: number }
  | { kind: "grow"; file: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "chmod"; file: number }
  | { kind: "touch"; file: number }
  | { kind: "delete"; file: number }
  | { kind: "create"; file: number }
  | { kind: "nothing" };

const file = fc.nat({ max: NAMES.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("same-size" as const), file }),
  fc.record({ kind: fc.constant("grow" as const), file }),
  fc.record({ kind: fc.constant("swap" as const), a: file, b: file }),
  fc.record({ kind: fc.constant("chmod" as const), file }),
  fc.record({ kind: fc.constant("touch" as const), file }),
  fc.record({ kind: fc.constant("delete" as const), file }),
  fc.record({ kind: fc.constant("create" as const), file }),
  fc.constant({ kind: "nothing" as const }),
);

let counter = 0;
function apply(r: TempRepo, o: Op): void {
  const at = (i: number) => join(r.root, NAMES[i] as string);
  const exists = (i: number) => existsSync(at(i));
  switch (o.kind) {
    case "same-size": {
      if (!exists(o.file)) return;
      // Same length as "<name> one\n", other bytes, and the old mtime put back: only ctime moves.
      const content = r.read(NAMES[o.file] as string).toString();
      const next = content.includes(" one\n")
        ? content.replace(" one\n", " two\n")
        : content.replace(/ \w{3}\n$/, " one\n");
      writeFileSync(at(o.file), next);
      utimesSync(at(o.file), OLD_TIME, OLD_TIME);
      return;
    }
    case "grow":
      if (exists(o.file)) writeFileSync(at(o.file), `${r.read(NAMES[o.file] as string)}more ${counter++}\n`);
      return;
    case "swap": {
      if (o.a === o.b || !exists(o.a) || !exists(o.b)) return;
      const tmp = `${at(o.a)}.swap`;
      renameSync(at(o.a), tmp);
      renameSync(at(o.b), at(o.a));
      renameSync(tmp, at(o.b));
      return;
    }
    case "chmod":
      if (exists(o.file)) chmodSync(at(o.file), 0o755);
      return;
    case "touch":
      if (exists(o.file)) utimesSync(at(o.file), OLD_TIME + 1, OLD_TIME + 1);
      return;
    case "delete":
      rmSync(at(o.file), { force: true });
      return;
    case "create":
      if (!exists(o.file)) r.write(NAMES[o.file] as string, `${NAMES[o.file]} new ${counter++}\n`);
      return;
    case "nothing":
      return;
  }
}

describe("stat cache", () => {
  it("reuses every id when nothing changed, and hashes again what was written meanwhile", async () => {
    repo = freshRepo();
    await tick();
    const first = await scanWorkingTree(repo.root, { write: true, trustMarginNs: 0n });
    expect(lastScanReused()).toBe(0);
    const second = await scanWorkingTree(repo.root, { write: false, trustMarginNs: 0n });
    expect(lastScanReused()).toBe(NAMES.length);
    expect(second).toEqual(first);

    writeFileSync(join(repo.root, "a.txt"), "a.txt two\n");
    utimesSync(join(repo.root, "a.txt"), OLD_TIME, OLD_TIME);
    const third = await scanWorkingTree(repo.root, { write: false, trustMarginNs: 0n });
    expect(lastScanReused()).toBe(NAMES.length - 1);
    expect(oidsOf(third)).toEqual(truth(repo));
  });

  it("trusts nothing written within the margin before a scan", async () => {
    repo = freshRepo();
    await scanWorkingTree(repo.root, { write: true });
    await scanWorkingTree(repo.root, { write: false });
    expect(lastScanReused()).toBe(0);
  });

  it("hashes with -w what a comparison only computed, so a checkpoint's blobs exist", async () => {
    repo = freshRepo();
    repo.write("new.txt", "untracked, never in the object store\n");
    utimesSync(join(repo.root, "new.txt"), OLD_TIME, OLD_TIME);
    await tick();
    await scanWorkingTree(repo.root, { write: false, trustMarginNs: 0n });
    const written = await scanWorkingTree(repo.root, { write: true, trustMarginNs: 0n });
    expect(lastScanReused()).toBe(0);
    const oid = written.get("new.txt")?.oid as string;
    expect(repo.git("cat-file", "-t", oid).trim()).toBe("blob");
    await scanWorkingTree(repo.root, { write: true, trustMarginNs: 0n });
    expect(lastScanReused()).toBe(NAMES.length + 1);
  });

  it("never answers differently from hashing every file, whatever happens in between", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
        async (rounds) => {
          forgetOids();
          const r = freshRepo();
          try {
            await tick();
            await scanWorkingTree(r.root, { write: true, trustMarginNs: 0n });
            for (const ops of rounds) {
              for (const o of ops) apply(r, o);
              const scanned = await scanWorkingTree(r.root, { write: false, trustMarginNs: 0n });
              expect(oidsOf(scanned)).toEqual(truth(r));
              for (const [path, e] of scanned) {
                const executable = (e.perms ?? 0) & 0o111;
                expect(e.mode, path).toBe(executable ? "100755" : "100644");
              }
              await tick();
            }
          } finally {
            r.cleanup();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
