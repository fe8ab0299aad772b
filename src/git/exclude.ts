import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readRepoFacts } from "./repo-facts.js";

const LINE = ".leash/";

/**
 * Keeps Leash's own state out of `git status` without touching the user's .gitignore:
 * the shared info/exclude applies to every worktree of the repository. Pass the common git dir
 * when it is known (RepoFacts), to spare a git call.
 */
export async function ensureLeashExcluded(repoRoot: string, commonDir?: string): Promise<void> {
  const file = join(commonDir ?? (await readRepoFacts(repoRoot)).commonDir, "info", "exclude");
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
