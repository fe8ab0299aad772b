import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileCacheDir, isPrivateDir } from "../../src/cli/compile-cache.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { LEASH_BIN } from "../helpers/leash-cli.js";
import { makeUnwritable, unwritableSkipReason } from "../helpers/unwritable.js";

/**
 * The bin keeps V8's compiled code for its chunks (src/cli/compile-cache.ts). What it must never
 * do is change what a command does: a missing, damaged or unwritable cache only costs a compile.
 */

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function cacheHome(): string {
  const home = mkdtempSync(join(tmpdir(), "leash-cache-"));
  homes.push(home);
  return home;
}

const BUNDLE = dirname(LEASH_BIN);

function leash(cwd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [LEASH_BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe("the compile cache", () => {
  it("is written on the first start, reused as is on the next, and changes no output", () => {
    const repo = makeJsProject();
    try {
      const task = writeTask(repo, "plan-me", {});
      const home = cacheHome();
      const dir = compileCacheDir(BUNDLE, { XDG_CACHE_HOME: home });
      const off = leash(repo.root, ["plan", "--json", task], {
        LEASH_NO_COMPILE_CACHE: "1",
        XDG_CACHE_HOME: home,
      });
      expect(off.status, off.stderr).toBe(0);
      expect(entries(dir)).toEqual([]);

      const first = leash(repo.root, ["plan", "--json", task], { XDG_CACHE_HOME: home });
      const written = entries(dir);
      // One entry per chunk the command loaded, each named after a chunk of this bundle.
      expect(written.length).toBeGreaterThan(3);
      for (const name of written) expect(readdirSync(BUNDLE)).toContain(name.replace(/\.\d+\.bin$/, ""));
      const mtimes = written.map((n) => statSync(join(dir, n)).mtimeMs);

      const second = leash(repo.root, ["plan", "--json", task], { XDG_CACHE_HOME: home });
      // Accepted by V8: nothing was rejected, so nothing was written again.
      expect(entries(dir)).toEqual(written);
      expect(written.map((n) => statSync(join(dir, n)).mtimeMs)).toEqual(mtimes);

      for (const r of [off, first, second]) expect(r.status).toBe(0);
      expect(first.stdout).toBe(off.stdout);
      expect(second.stdout).toBe(off.stdout);
    } finally {
      repo.cleanup();
    }
  });

  it("a damaged entry is rejected and written again; the command is unaffected", () => {
    const home = cacheHome();
    const dir = compileCacheDir(BUNDLE, { XDG_CACHE_HOME: home });
    const clean = leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    const [name] = entries(dir);
    expect(name).toBeDefined();
    const file = join(dir, name as string);
    writeFileSync(file, Buffer.alloc(4096, 0xa5));
    const damaged = leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    expect(damaged).toEqual(clean);
    expect(readFileSync(file).equals(Buffer.alloc(4096, 0xa5))).toBe(false);
  });

  it("trusts only a directory of the user's own that no one else may write to", () => {
    const home = cacheHome();
    expect(isPrivateDir(join(home, "not-made-yet"))).toBe(true);
    chmodSync(home, 0o700);
    expect(isPrivateDir(home)).toBe(true);
    chmodSync(home, 0o770);
    expect(isPrivateDir(home)).toBe(false);
    chmodSync(home, 0o757);
    expect(isPrivateDir(home)).toBe(false);
    writeFileSync(join(home, "file"), "");
    expect(isPrivateDir(join(home, "file"))).toBe(false);
  });

  it("leaves a cache directory others may write to as it found it", () => {
    const home = cacheHome();
    const dir = compileCacheDir(BUNDLE, { XDG_CACHE_HOME: home });
    const clean = leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    const names = entries(dir);
    // Planted by someone else: read, it would be rejected and written again; unread, it stays.
    for (const name of names) writeFileSync(join(dir, name), "planted");
    chmodSync(dir, 0o777);
    const r = leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    expect(r).toEqual(clean);
    expect(entries(dir)).toEqual(names);
    for (const name of names) expect(readFileSync(join(dir, name), "utf8")).toBe("planted");
  });

  it.skipIf(unwritableSkipReason())("an unwritable cache directory costs nothing but the cache", () => {
    const home = cacheHome();
    const made = makeUnwritable(home);
    if (!made.ok) throw new Error(made.reason);
    try {
      const r = leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/Usage: leash/);
      expect(readdirSync(home)).toEqual([]);
    } finally {
      made.undo();
    }
  });

  it("drops the entries of chunks this bundle no longer has, and old leftovers, when it writes new ones", () => {
    const home = cacheHome();
    const dir = compileCacheDir(BUNDLE, { XDG_CACHE_HOME: home });
    leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    const stale = join(dir, "gone-AbCd1234.cjs.100.bin");
    writeFileSync(stale, "old");
    // A killed writer's leftover goes once it is old; a fresh one may be another start's write.
    const leftover = join(dir, "main-AbCd1234.cjs.100.bin.999.tmp");
    const writing = join(dir, "main-AbCd1234.cjs.100.bin.998.tmp");
    writeFileSync(leftover, "half");
    writeFileSync(writing, "half");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, hourAgo, hourAgo);
    const [name] = entries(dir).filter((n) => n.endsWith(".bin") && !n.startsWith("gone-"));
    rmSync(join(dir, name as string));
    leash(tmpdir(), ["--help"], { XDG_CACHE_HOME: home });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(writing)).toBe(true);
    expect(entries(dir)).toContain(name);
  });
});
