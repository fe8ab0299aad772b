import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { changedSinceCheckpoint } from "../../src/git/changed-since.js";
import { createCheckpoint } from "../../src/git/checkpoint.js";
import { rollbackToCheckpoint } from "../../src/git/rollback.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const NON_UTF8 = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x41, 0x0d, 0x0a]);
const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function repoWithFiles(): TempRepo {
  const repo = makeTempRepo({
    "src/crlf.txt": "line one\r\nline two\r\n",
    "src/no-newline.txt": "no final newline",
    "bin/raw.bin": NON_UTF8,
    "dir with space/naïve ünïcode 文件.md": "unicode name\n",
    ".gitattributes": "*.txt text eol=lf\n",
    "keep.txt": "keep\n",
  });
  repo.git("config", "core.autocrlf", "true");
  repos.push(repo);
  return repo;
}

/** Everything the operator could notice besides the working files. */
function gitState(repo: TempRepo) {
  return {
    head: repo.git("rev-parse", "HEAD"),
    branch: repo.git("symbolic-ref", "HEAD"),
    cached: repo.git("diff", "--cached"),
    stash: repo.git("stash", "list"),
    status: repo.git("status", "--porcelain"),
  };
}

describe("checkpoint and rollback", () => {
  it("restores modified, created and deleted files byte for byte and leaves index, HEAD and stash alone", async () => {
    const repo = repoWithFiles();
    repo.write("stashed.txt", "to stash\n");
    repo.git("add", "stashed.txt");
    repo.git("-c", "user.name=t", "-c", "user.email=t@t", "stash", "push", "-q");
    repo.write("keep.txt", "staged change\n");
    repo.git("add", "keep.txt");
    repo.write("untracked-unrelated.log", "mine\n");
    repo.write("src/uncommitted-crlf.txt", "dirty\r\nbytes");
    const before = repo.snapshot();
    const stateBefore = gitState(repo);

    const cp = await createCheckpoint(repo.root, "20261125-120000-t-abcd");
    expect(repo.git("rev-parse", cp.ref).trim()).toBe(cp.commit);
    expect(gitState(repo)).toEqual(stateBefore);

    repo.write("src/crlf.txt", "changed\n");
    repo.write("src/no-newline.txt", "changed too\n");
    repo.write("bin/raw.bin", Buffer.from("text now"));
    repo.write("src/uncommitted-crlf.txt", "x");
    rmSync(join(repo.root, "dir with space/naïve ünïcode 文件.md"));
    repo.write("new/deep/nested/file.ts", "export {};\n");
    repo.write("src/created.ts", "new\n");
    writeFileSync(join(repo.root, "keep.txt"), "run touched this\n");

    const changed = await changedSinceCheckpoint(repo.root, cp);
    expect(changed).toEqual(
      [
        "bin/raw.bin",
        "dir with space/naïve ünïcode 文件.md",
        "keep.txt",
        "new/deep/nested/file.ts",
        "src/created.ts",
        "src/crlf.txt",
        "src/no-newline.txt",
        "src/uncommitted-crlf.txt",
      ].sort(),
    );
    const result = await rollbackToCheckpoint(repo.root, cp, changed);
    expect(result).toEqual({
      ok: true,
      restored: [
        "bin/raw.bin",
        "dir with space/naïve ünïcode 文件.md",
        "keep.txt",
        "src/crlf.txt",
        "src/no-newline.txt",
        "src/uncommitted-crlf.txt",
      ],
      removed: ["new/deep/nested/file.ts", "src/created.ts"],
    });
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(repo.root, "new"))).toBe(false);
    expect(gitState(repo)).toEqual(stateBefore);
    expect(await changedSinceCheckpoint(repo.root, cp)).toEqual([]);
  });

  it("keeps the executable bit and does not snapshot ignored files or .leash/", async () => {
    const repo = makeTempRepo({ ".gitignore": "*.log\n", "run.sh": "#!/bin/sh\n" });
    repos.push(repo);
    chmodSync(join(repo.root, "run.sh"), 0o755);
    repo.commitAll("x");
    repo.write("debug.log", "ignored\n");
    mkdirSync(join(repo.root, ".leash"), { recursive: true });
    writeFileSync(join(repo.root, ".leash/lock"), "{}");
    const cp = await createCheckpoint(repo.root, "r1");
    const files = repo.git("ls-tree", "-r", "--name-only", cp.tree).trim().split("\n");
    expect(files.sort()).toEqual([".gitignore", "run.sh"]);
    repo.write("run.sh", "#!/bin/sh\necho changed\n");
    chmodSync(join(repo.root, "run.sh"), 0o644);
    const r = await rollbackToCheckpoint(repo.root, cp, ["run.sh"]);
    expect(r.ok).toBe(true);
    expect(statSync(join(repo.root, "run.sh")).mode & 0o111).not.toBe(0);
    expect(repo.read("run.sh").toString()).toBe("#!/bin/sh\n");
  });

  it("keeps directories that existed at the checkpoint and reports a path it could not restore", async () => {
    const repo = makeTempRepo({ "a/b.txt": "b\n" });
    repos.push(repo);
    const cp = await createCheckpoint(repo.root, "r2");
    repo.write("a/new.txt", "n\n");
    rmSync(join(repo.root, "a/b.txt"));
    const r = await rollbackToCheckpoint(repo.root, cp, ["a/new.txt"]);
    expect(r).toEqual({ ok: true, restored: [], removed: ["a/new.txt"] });
    expect(existsSync(join(repo.root, "a"))).toBe(true);
    expect(await rollbackToCheckpoint(repo.root, cp, ["a/b.txt"])).toEqual({
      ok: true,
      restored: ["a/b.txt"],
      removed: [],
    });
    await expect(rollbackToCheckpoint(repo.root, cp, ["../escape"])).rejects.toMatchObject({
      code: "git.bad_path",
    });
  });
});

describe("rollback when the run reshaped directories", () => {
  it("replaces a file or symlink that took a checkpoint directory's place, never writing through the link", async () => {
    const outside = makeTempRepo({ "victim.txt": "outside\n" });
    const repo = makeTempRepo({ "a/b.txt": "b\n", "src/x.ts": "x\n" });
    repos.push(repo, outside);
    const cp = await createCheckpoint(repo.root, "r3");
    rmSync(join(repo.root, "a"), { recursive: true });
    repo.write("a", "now a file\n");
    rmSync(join(repo.root, "src"), { recursive: true });
    symlinkSync(outside.root, join(repo.root, "src"));
    const changed = await changedSinceCheckpoint(repo.root, cp);
    expect(changed).toEqual(["a", "a/b.txt", "src", "src/x.ts"]);
    const r = await rollbackToCheckpoint(repo.root, cp, [...changed, "src/victim.txt"]);
    expect(r.ok).toBe(true);
    expect(repo.read("a/b.txt").toString()).toBe("b\n");
    expect(repo.read("src/x.ts").toString()).toBe("x\n");
    expect(lstatSync(join(repo.root, "src")).isDirectory()).toBe(true);
    expect(outside.read("victim.txt").toString()).toBe("outside\n");
    expect(existsSync(join(outside.root, "x.ts"))).toBe(false);
  });
});

describe("rollback hardening", () => {
  it("leaves equal paths alone and restores permission bits exactly (0444 stays 0444)", async () => {
    const { chmodSync, statSync } = await import("node:fs");
    const { makeTempRepo } = await import("../helpers/git-repo.js");
    const { createCheckpoint } = await import("../../src/git/checkpoint.js");
    const { rollbackToCheckpoint } = await import("../../src/git/rollback.js");
    const repo = makeTempRepo({ "ro.txt": "read only\n", "same.txt": "same\n" });
    try {
      chmodSync(`${repo.root}/ro.txt`, 0o444);
      const checkpoint = await createCheckpoint(repo.root, "r-modes");
      expect(checkpoint.modes).toEqual({ "ro.txt": 0o444 });
      // What git apply does to a file it patches: a fresh 0644 file.
      chmodSync(`${repo.root}/ro.txt`, 0o644);
      repo.write("ro.txt", "patched\n");
      const result = await rollbackToCheckpoint(repo.root, checkpoint, ["ro.txt", "same.txt"]);
      expect(result).toEqual({ ok: true, restored: ["ro.txt"], removed: [] });
      expect(statSync(`${repo.root}/ro.txt`).mode & 0o7777).toBe(0o444);
      expect(repo.read("ro.txt").toString()).toBe("read only\n");
    } finally {
      repo.cleanup();
    }
  });
});

describe("the checkpoint's tree, remembered", () => {
  it("is exactly what git lists for it: files, exec bits, symlinks, odd names", async () => {
    const repo = repoWithFiles();
    writeFileSync(join(repo.root, "run.sh"), "#!/bin/sh\n");
    chmodSync(join(repo.root, "run.sh"), 0o755);
    symlinkSync("keep.txt", join(repo.root, "link"));
    mkdirSync(join(repo.root, "new/deep"), { recursive: true });
    writeFileSync(join(repo.root, "new/deep/untracked.txt"), "untracked\n");
    const checkpoint = await createCheckpoint(repo.root, "remembered-1");
    const { readTree } = await import("../../src/git/scan-worktree.js");
    const remembered = await readTree(repo.root, checkpoint.tree);
    const listed = new Map<string, { mode: string; oid: string }>();
    for (const line of repo.git("ls-tree", "-r", "-z", "--full-tree", checkpoint.tree).split("\0")) {
      if (line === "") continue;
      const tab = line.indexOf("\t");
      const [mode, , oid] = line.slice(0, tab).split(" ") as [string, string, string];
      listed.set(line.slice(tab + 1), { mode, oid });
    }
    expect(remembered).toEqual(listed);
    expect(listed.get("run.sh")?.mode).toBe("100755");
    expect(listed.get("link")?.mode).toBe("120000");
  });

  it("names every odd path exactly (quotes, backslashes, newlines, CR, tabs, a leading quote) and rolls back to it", async () => {
    const repo = repoWithFiles();
    // `"plain.txt"` beside `plain.txt`: git unquotes a line that starts with a quote, so an
    // unquoted list would have hashed the other file's bytes under this name.
    const odd = ['say "hi".txt', "back\\slash.txt", "new\nline.txt", "cr\r", "tab\there.txt", '"lead.txt'];
    odd.push('"plain.txt"', "plain.txt", "trail ", "a\u0001ctl");
    for (const [i, name] of odd.entries()) repo.write(`odd/${name}`, `content ${i}\n`);
    const before = repo.snapshot();
    const checkpoint = await createCheckpoint(repo.root, "odd-names-1");
    const listed = repo
      .git("ls-tree", "-r", "-z", "--name-only", "--full-tree", checkpoint.tree, "odd")
      .split("\0")
      .filter((l) => l !== "");
    expect(listed.sort()).toEqual(odd.map((n) => `odd/${n}`).sort());
    for (const [i, name] of odd.entries()) {
      expect(repo.git("cat-file", "blob", `${checkpoint.commit}:odd/${name}`)).toBe(`content ${i}\n`);
    }
    for (const name of odd) repo.write(`odd/${name}`, "changed\n");
    rmSync(join(repo.root, "keep.txt"));
    const result = await rollbackToCheckpoint(repo.root, checkpoint, [
      ...odd.map((n) => `odd/${n}`),
      "keep.txt",
    ]);
    expect(result.ok).toBe(true);
    expect(repo.snapshot()).toEqual(before);
  });

  it("is a commit on HEAD under Leash's ref, has no parent on an unborn branch, and replaces a ref of the same name", async () => {
    const repo = repoWithFiles();
    const head = repo.git("rev-parse", "HEAD").trim();
    const first = await createCheckpoint(repo.root, "same-id");
    expect(repo.git("rev-parse", first.ref).trim()).toBe(first.commit);
    expect(repo.git("log", "-1", "--format=%P%n%an <%ae>%n%s", first.commit).trim()).toBe(
      `${head}\nLeash <leash@localhost.invalid>\nleash checkpoint same-id`,
    );
    repo.write("keep.txt", "later\n");
    const second = await createCheckpoint(repo.root, "same-id");
    expect(second.commit).not.toBe(first.commit);
    expect(repo.git("rev-parse", second.ref).trim()).toBe(second.commit);

    const unborn = makeTempRepo({ "a.txt": "a\n" }, { commit: false });
    repos.push(unborn);
    const cp = await createCheckpoint(unborn.root, "unborn-1");
    expect(unborn.git("log", "-1", "--format=%P", cp.commit).trim()).toBe("");
    expect(unborn.git("show", `${cp.tree}:a.txt`)).toBe("a\n");
    expect(() => unborn.git("rev-parse", "-q", "--verify", "HEAD")).toThrow();
  });

  it("keeps a submodule's commit (a gitlink, which only the index knows)", async () => {
    const repo = repoWithFiles();
    const commit = repo.git("rev-parse", "HEAD").trim();
    mkdirSync(join(repo.root, "vendor/lib"), { recursive: true });
    repo.git("update-index", "--add", "--cacheinfo", `160000,${commit},vendor/lib`);
    const checkpoint = await createCheckpoint(repo.root, "gitlink-1");
    const entry = repo.git("ls-tree", "-r", "--full-tree", checkpoint.tree, "vendor/lib").trim();
    expect(entry).toBe(`160000 commit ${commit}\tvendor/lib`);
  });
});
