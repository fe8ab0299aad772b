import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";
import { leashCacheDir } from "../cache-dir.js";

/**
 * V8's compiled code for the bundle's chunks, kept between runs. Node 20 has no compile cache of
 * its own (`module.enableCompileCache` arrived in 22), and every `leash` start used to parse and
 * compile the ≈ 1.3 MB a run loads (≈ 70 ms of CPU on the 204-file bench, docs/benchmarks.md).
 *
 * Only the chunks in the bundle's own directory go through here; everything else (node_modules,
 * the SDKs) loads as Node loads it. A chunk's file name carries a hash of its content, and the
 * cache file is named after it and its length, so a rebuilt bundle never meets an old entry; V8
 * checks its own version and flags and rejects what does not match. Like the token-count cache it
 * is only a cache: unreadable, rejected or unwritable means compiling as before.
 *
 * V8 checks little more than a header and the source's length, so whoever can write an entry can
 * run code as the next `leash`: a directory that is not the user's own, or that others may write
 * to (XDG_CACHE_HOME pointed at /tmp, say), is never read.
 */

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

const DISABLE_ENV = "LEASH_NO_COMPILE_CACHE";
const LEFTOVER_MS = 10 * 60 * 1000;

/** One directory per Node version and per installed bundle, so two installs never evict each other. */
export function compileCacheDir(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const install = createHash("sha256").update(bundleDir).digest("hex").slice(0, 16);
  return join(leashCacheDir(env), `v8-${process.version}-${process.arch}`, install);
}

// Node's own CommonJS wrapper, so line numbers in stack traces stay those of the chunk.
const wrap = (content: string) =>
  `(function (exports, require, module, __filename, __dirname) { ${content}\n});`;

export function useCompileCache(bundleDir: string, env: NodeJS.ProcessEnv = process.env): void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  if (env[DISABLE_ENV] === "1" || typeof proto._compile !== "function") return;
  let cacheDir: string;
  try {
    cacheDir = compileCacheDir(bundleDir, env);
  } catch {
    return; // No home directory to keep a cache in: compile as Node does.
  }
  const original = proto._compile;
  const toWrite: { file: string; script: Script }[] = [];
  let readable: boolean | undefined;

  proto._compile = function (this: CompilingModule, content: string, filename: string) {
    if (dirname(filename) !== bundleDir) return original.call(this, content, filename);
    const file = join(cacheDir, `${basename(filename)}.${content.length}.bin`);
    readable ??= isPrivateDir(cacheDir);
    let cachedData: Buffer | undefined;
    try {
      if (readable) cachedData = readFileSync(file);
    } catch {
      // Not cached yet.
    }
    const script = new Script(wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(
      this.exports,
      this.exports,
      createRequire(filename),
      this,
      filename,
      dirname(filename),
    );
  };

  // At exit, so the cache holds the functions the run compiled lazily too, not only the top level.
  process.once("exit", () => {
    if (toWrite.length > 0) writeCache(cacheDir, bundleDir, toWrite);
  });
}

/** Owned by this user and writable by no one else; a directory not made yet counts as private. */
export function isPrivateDir(dir: string): boolean {
  try {
    const st = statSync(dir);
    return st.isDirectory() && (st.mode & 0o022) === 0 && st.uid === (process.getuid?.() ?? st.uid);
  } catch {
    return true;
  }
}

function writeCache(cacheDir: string, bundleDir: string, entries: { file: string; script: Script }[]): void {
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!isPrivateDir(cacheDir)) return;
    for (const { file, script } of entries) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
    }
    // Something was new, so this install's bundle changed: drop entries for chunks it no longer has,
    // and what a process killed mid-write left (old enough not to be another one's write in progress).
    const chunks = new Set(readdirSync(bundleDir));
    for (const name of readdirSync(cacheDir)) {
      const file = join(cacheDir, name);
      const chunk = name.replace(/\.\d+\.bin$/, "");
      if (name.endsWith(".bin") && !chunks.has(chunk)) rmSync(file, { force: true });
      else if (name.endsWith(".tmp") && Date.now() - statSync(file).mtimeMs > LEFTOVER_MS)
        rmSync(file, { force: true });
    }
  } catch {
    // A read-only home or a full disk costs the next start a compile, nothing else.
  }
}
