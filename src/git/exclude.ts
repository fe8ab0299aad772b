import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import { InternalError } from "../errors.js";
import { runGit } from "../exec/run-git.js";

const LINE = ".leash/";

/**
 * Keeps Leash's own state out of `git status` without touching the user's .gitignore:
 * the shared info/exclude applies to every worktree of the repository.
 */
export async function ensureLeashExcluded(repoRoot: string): Promise<void> {
  const file = join(await gitCommonDir(repoRoot), "info", "exclude");
  let current = "";
  try {
    current = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  if (current.split(/\r?\n/).some((l) => l.trim() === LINE || l.trim() === "/.leash/")) return;
  await mkdir(dirname(file), { recursive: true });
  const sep = current === "" || current.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${sep}${LINE}\n`);
}

export async function gitCommonDir(repoRoot: string): Promise<string> {
  const r = await runGit(["rev-parse", "--git-common-dir"], { cwd: repoRoot });
  const dir = r.stdout.toString("utf8").trim();
  if (r.exitCode !== 0 || dir === "") {
    throw new InternalError("git.common_dir", `git rev-parse --git-common-dir failed in ${repoRoot}`, {
      hint: "check that the repository is not corrupted (`git status`)",
      details: { stderr: r.stderr.trim() },
    });
  }
  return isAbsolute(dir) ? dir : join(repoRoot, dir);
}
