// Temp git repositories for benches: real git, explicit identity (CI has no git config).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const BENCH_GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "Leash Bench",
  GIT_AUTHOR_EMAIL: "bench@leash.invalid",
  GIT_COMMITTER_NAME: "Leash Bench",
  GIT_COMMITTER_EMAIL: "bench@leash.invalid",
};

export function makeBenchRepo(prefix = "leash-bench-") {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args) =>
    execFileSync("git", args, {
      cwd: root,
      env: { ...process.env, ...BENCH_GIT_IDENTITY },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  git("init", "-q", "-b", "main");
  git("config", "core.autocrlf", "false");
  return {
    root,
    git,
    write(path, content) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    commitAll(message = "commit") {
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", message);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
