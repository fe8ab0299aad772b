import { InputError } from "../errors.js";
import { runGit } from "../exec/run-git.js";

/** The top of the work tree that contains `cwd`; everything Leash writes is relative to it. */
export async function findRepoRoot(cwd: string): Promise<string> {
  let result: Awaited<ReturnType<typeof runGit>>;
  try {
    result = await runGit(["rev-parse", "--show-toplevel"], { cwd });
  } catch (cause) {
    throw new InputError("git.not_a_repo", `cannot run git in ${cwd}`, {
      hint: "check that the directory exists and that git is installed and on PATH",
      cause,
    });
  }
  const root = result.stdout.toString("utf8").trim();
  if (result.exitCode !== 0 || root === "") {
    throw new InputError("git.not_a_repo", `${cwd} is not inside a git work tree`, {
      hint: "run leash from inside a git repository (or `git init` and commit first)",
      details: { stderr: result.stderr.trim() },
    });
  }
  return root;
}
