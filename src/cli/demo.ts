import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT, type ExitCode, InternalError, isLeashError } from "../errors.js";
import { runGit } from "../exec/run-git.js";
import { ensureLeashExcluded } from "../git/exclude.js";
import { packagePath } from "../package-root.js";
import type { CliContext } from "./context.js";
import { ledgerCommand } from "./ledger.js";
import { runCommand } from "./run.js";

/** One scripted task of the bundled example and the outcome it must end with. */
export interface DemoScenario {
  /** File name under demo/tasks/. */
  file: string;
  shows: string;
  expectedExit: ExitCode;
  expectedStatus: string;
}

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    file: "01-slug-accepted.yaml",
    shows: "a correct patch accepted on the first try",
    expectedExit: EXIT.accepted,
    expectedStatus: "accepted",
  },
  {
    file: "02-duration-retry.yaml",
    shows: "a wrong patch fails its validator and is rolled back; the retry is accepted",
    expectedExit: EXIT.accepted,
    expectedStatus: "accepted",
  },
  {
    file: "03-median-refused.yaml",
    shows: "a patch that edits a file outside allowed_files is refused; the retry is accepted",
    expectedExit: EXIT.accepted,
    expectedStatus: "accepted",
  },
  {
    file: "04-clamp-stagnation.yaml",
    shows: "the same wrong patch again and again: climb the ladder, ask the reviewer, escalate",
    expectedExit: EXIT.needsOperator,
    expectedStatus: "escalated",
  },
  {
    file: "05-clamp-budget-block.yaml",
    shows: "a task budget below one call's projected cost: blocked before any call",
    expectedExit: EXIT.blocked,
    expectedStatus: "blocked",
  },
];

// CI machines have no git identity; the demo's own commits name one explicitly.
const DEMO_IDENTITY = {
  GIT_AUTHOR_NAME: "Leash Demo",
  GIT_AUTHOR_EMAIL: "demo@leash.invalid",
  GIT_COMMITTER_NAME: "Leash Demo",
  GIT_COMMITTER_EMAIL: "demo@leash.invalid",
};

/** demo/ ships at the package root. */
export function demoRoot(): string {
  return `${packagePath("demo")}/`;
}

async function git(cwd: string, args: string[]): Promise<string> {
  const result = await runGit(args, { cwd, env: DEMO_IDENTITY });
  if (result.exitCode !== 0) {
    throw new InternalError("demo.git", `git ${args.join(" ")} failed in ${cwd}: ${result.stderr.trim()}`, {
      hint: "check that git works in the system temp directory",
    });
  }
  return result.stdout.toString("utf8");
}

// An operator's global signing or hooks must not stop the demo's throwaway commits.
async function commitAll(repo: string, message: string): Promise<void> {
  await git(repo, ["add", "-A"]);
  await git(repo, ["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message]);
}

/** Commits whatever an accepted run left in the working tree so the next task starts clean. */
async function commitIfDirty(repo: string, message: string): Promise<boolean> {
  const status = await git(repo, ["status", "--porcelain"]);
  if (status.trim() === "") return false;
  await commitAll(repo, message);
  return true;
}

async function prepareRepo(root: string): Promise<string> {
  const example = join(root, "example");
  const tasks = join(root, "tasks");
  if (!existsSync(example) || !existsSync(tasks)) {
    throw new InternalError("demo.missing", `the bundled demo is missing at ${root}`, {
      hint: "reinstall leash: demo/ ships in the package",
    });
  }
  const repo = mkdtempSync(join(tmpdir(), "leash-demo-"));
  try {
    cpSync(example, repo, { recursive: true });
    cpSync(tasks, join(repo, "tasks"), { recursive: true });
    await git(repo, ["init", "-q", "-b", "main"]);
    // npm drops .gitignore files from published packages, so the example's own one may be gone.
    await ensureLeashExcluded(repo);
    await commitAll(repo, "demo: the example repository");
    return repo;
  } catch (error) {
    rmSync(repo, { recursive: true, force: true });
    throw error;
  }
}

/** A run that throws (invalid input, internal error) still counts: its exit code is compared. */
async function runScenario(ctx: CliContext, file: string): Promise<ExitCode> {
  try {
    return await runCommand(ctx, [file], { provider: "fake" });
  } catch (error) {
    if (!isLeashError(error)) throw error;
    ctx.err(`error ${error.code}: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ""}`);
    return error.exitCode;
  }
}

async function printLedger(ctx: CliContext): Promise<void> {
  try {
    const code = await ledgerCommand(ctx, {});
    if (code !== EXIT.accepted) ctx.out(`(leash ledger ended with exit ${code})`);
  } catch (error) {
    ctx.out(`(the ledger could not be shown: ${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * `leash demo`: the bundled example repository in a temporary git repo, its scripted tasks run
 * one by one through the real `leash run` with the fake provider (offline), then the ledger.
 * Exit 0 when every scenario ended as scripted, 1 otherwise.
 */
export async function demoCommand(ctx: CliContext, options: { keep?: boolean } = {}): Promise<ExitCode> {
  return runDemo(ctx, { keep: options.keep });
}

export interface DemoOptions {
  keep?: boolean;
  /** Tests run a subset, or change an expectation to see the mismatch path. */
  scenarios?: readonly DemoScenario[];
}

export async function runDemo(ctx: CliContext, options: DemoOptions = {}): Promise<ExitCode> {
  const scenarios = options.scenarios ?? DEMO_SCENARIOS;
  const repo = await prepareRepo(demoRoot());
  const inRepo: CliContext = { ...ctx, cwd: repo };
  const mismatches: string[] = [];
  try {
    const total = scenarios.length;
    for (const [i, scenario] of scenarios.entries()) {
      ctx.out(`\n━━ scenario ${i + 1}/${total}: ${scenario.file}`);
      ctx.out(`   shows: ${scenario.shows}`);
      ctx.out(`   expect: ${scenario.expectedStatus} (exit ${scenario.expectedExit})\n`);
      const code = await runScenario(inRepo, join(repo, "tasks", scenario.file));
      const verdict =
        code === scenario.expectedExit ? "as expected" : `MISMATCH: expected exit ${scenario.expectedExit}`;
      ctx.out(`   → exit ${code} (${verdict})`);
      if (code !== scenario.expectedExit) {
        mismatches.push(
          `${scenario.file}: expected exit ${scenario.expectedExit} (${scenario.expectedStatus}), got ${code}`,
        );
      }
      if (await commitIfDirty(repo, `demo: accept ${scenario.file}`)) {
        ctx.out("   (the accepted change was committed in the demo repo so the next task starts clean)");
      }
    }
    ctx.out("\n━━ leash ledger\n");
    await printLedger(inRepo);
  } finally {
    if (options.keep) ctx.out(`\ndemo repository kept at ${repo}`);
    else rmSync(repo, { recursive: true, force: true });
  }
  if (mismatches.length > 0) {
    for (const line of mismatches) ctx.err(`demo mismatch: ${line}`);
    return EXIT.notAccepted;
  }
  ctx.out(`\ndemo finished: all ${scenarios.length} scenarios ended as expected`);
  if (!options.keep)
    ctx.out("(run `leash demo --keep` to keep the repository and look at .leash/runs/ there)");
  return EXIT.accepted;
}
