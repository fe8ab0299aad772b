import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Makes a directory refuse new entries for whoever runs Leash. As a normal user `chmod 0555`
 * does it (EACCES). Root ignores permission bits, so as root the directory is made immutable
 * with `chattr +i` (EPERM) where the filesystem supports it. Returns the undo, or why it cannot.
 */
export type Unwritable = { ok: true; how: string; undo(): void } | { ok: false; reason: string };

export function makeUnwritable(dir: string): Unwritable {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return { ok: true, how: "chmod 0555", undo: () => chmodSync(dir, 0o755) };
  }
  try {
    execFileSync("chattr", ["+i", dir], { stdio: "ignore" });
    return {
      ok: true,
      how: "chattr +i (running as root, where chmod does not bite)",
      undo: () => execFileSync("chattr", ["-i", dir], { stdio: "ignore" }),
    };
  } catch {
    return { ok: false, reason: "running as root, and chattr +i is not available on this filesystem" };
  }
}

/** Whether makeUnwritable can work here, probed once on a scratch directory. */
export function unwritableSkipReason(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "leash-unwritable-"));
  const probe = join(dir, "d");
  mkdirSync(probe);
  const made = makeUnwritable(probe);
  if (!made.ok) {
    rmdirSync(probe);
    rmdirSync(dir);
    return made.reason;
  }
  let bites = false;
  try {
    writeFileSync(join(probe, "x"), "");
  } catch {
    bites = true;
  }
  made.undo();
  execFileSync("rm", ["-rf", dir]);
  return bites ? undefined : `${made.how} does not stop writes here`;
}
