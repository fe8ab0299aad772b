import { Command, CommanderError } from "commander";
import { EXIT, type ExitCode, formatError, isLeashError, storageErrorFor } from "../errors.js";
import { LEASH_VERSION } from "../version.js";
import { dropOutputOnceClosed } from "./closed-output.js";
import { type CliContext, createCliContext } from "./context.js";

/**
 * The only place that exits. Commands are imported lazily so `leash --help`
 * never loads the SDK, SQLite or the tokenizer.
 */

type Action = (ctx: CliContext, ...args: unknown[]) => Promise<ExitCode>;
type Loader = () => Promise<Action>;

function globalFlags(program: Command): { quiet?: boolean; verbose?: boolean } {
  return program.opts<{ quiet?: boolean; verbose?: boolean }>();
}

/** `demo` makes its own repository; every other command starts by asking git about this one. */
function wrap(program: Command, load: Loader, options: { inRepo: boolean } = { inRepo: true }) {
  return async (...args: unknown[]) => {
    const ctx = createCliContext(globalFlags(program));
    // git answers while the command's code loads (≈ 1 MB of JavaScript to compile).
    if (options.inRepo)
      void import("../git/repo-facts.js").then((m) => m.prefetchRepoFacts(ctx.cwd)).catch(() => undefined);
    const action = await load();
    // commander passes (positional..., options, command); options given on a parent command
    // (`leash ledger --config F reconcile`) count too, so use the merged view.
    const command = args.at(-1) as Command;
    const positional = args.slice(0, -2);
    process.exitCode = await action(ctx, ...positional, command.optsWithGlobals());
  };
}

export function buildProgram(): Command {
  const program = new Command("leash")
    .description("Bounded, cost-aware AI coding tasks: the model proposes, deterministic code decides.")
    .version(LEASH_VERSION, "-V, --version", "print the version of Leash")
    .option("-q, --quiet", "print only the one-line result of each run, and errors")
    .option("-v, --verbose", "print every stage event")
    .showHelpAfterError("(run leash --help for usage)")
    .exitOverride();

  program
    .command("init")
    .description("write leash.yaml (validators detected from the repo) and an example task")
    .option("--force", "overwrite existing files")
    .option("--no-baseline", "do not run the detected commands once on the clean tree")
    .option("--preset <name>", "roles on one provider family: openai | anthropic | local")
    .action(wrap(program, async () => (await import("./init.js")).initCommand as Action));

  program
    .command("check")
    .description("validate the config and task files; errors name file:line:col, field, expected and found")
    .argument("[tasks...]", "task files")
    .option("--config <file>", "config file (default: leash.yaml at the repository root)")
    .action(wrap(program, async () => (await import("./check.js")).checkCommand as Action));

  program
    .command("plan")
    .description("dry run: route, context, token estimate, projected cost and budget headroom; calls nothing")
    .argument("<task>", "task file")
    .option("--config <file>", "config file")
    .option("--provider <name>", "a provider for every role: fake, openai or a key of providers")
    .option("--json", "print the plan as JSON")
    .action(wrap(program, async () => (await import("./plan.js")).planCommand as Action));

  program
    .command("run")
    .description("run tasks: route, call the model, check and apply the patch, validate, accept or roll back")
    .argument("[tasks...]", "task files or globs such as tasks/*.yaml (or an inline task: --goal)")
    .option("--provider <name>", "a provider for every role: fake, openai or a key of providers")
    .option("--config <file>", "config file")
    .option("--json", "print the report as JSON on stdout (human text goes to stderr)")
    .option("--commit", "commit an accepted patch on the current branch")
    .option("--branch <name>", "commit an accepted patch on a new branch")
    .option("--approve <role...>", "grant manual approval for roles that require it")
    .option("--max-usd <n>", "tighten the task budget", Number.parseFloat)
    .option("--concurrency <n>", "tasks at once, each in its own git worktree", (v) => Number.parseInt(v, 10))
    .option("--keep-worktrees", "keep per-task worktrees after a concurrent run")
    .option("--allow-dirty", "start even when allowed files have uncommitted changes (they are snapshotted)")
    .option("--no-baseline", "do not run the validators on the clean tree first (shown in the report)")
    .option("--record <file>", "store the provider calls of this run as JSONL")
    .option("--replay <file>", "serve recorded calls back offline through the fake provider")
    .option("--goal <text>", "an inline task: what to achieve (no task file needed)")
    .option("--allow <path...>", "inline task: files the patch may change")
    .option("--check <validator...>", "inline task: validators (names from leash.yaml commands)")
    .option("--intent <intent>", "inline task: mechanical | bugfix | feature | refactor | tests | docs | …")
    .action(wrap(program, async () => (await import("./run.js")).runCommand as Action));

  program
    .command("runs")
    .description("run history: id, task, status, role path, attempts, cost, duration, date")
    .option("--json", "print as JSON")
    .action(wrap(program, async () => (await import("./runs.js")).runsCommand as Action));

  program
    .command("stats")
    .description("patch telemetry: first-try apply rate, repairs by level, dollars on refused answers")
    .option("--json", "print as JSON")
    .action(wrap(program, async () => (await import("./stats.js")).statsCommand as Action));

  program
    .command("show")
    .description("one run in full: attempts, patches, validators, convergence, escalation, costs")
    .argument("<run>", "run id, a unique prefix of one, or `last`")
    .option("--json", "print as JSON")
    .option("--html <file>", "write a self-contained HTML report of the run to FILE")
    .action(wrap(program, async () => (await import("./show.js")).showCommand as Action));

  const ledger = program
    .command("ledger")
    .description(
      "spend by project, role, task, model, tier, day and provider; real and simulated apart; estimated vs actual; remaining budgets",
    )
    .option("--by <dimension>", "project | role | task | model | tier | day | provider", "project")
    .option("--config <file>", "config file")
    .option("--json", "print as JSON")
    .action(wrap(program, async () => (await import("./ledger.js")).ledgerCommand as Action));
  ledger
    .command("clear")
    .description("remove simulated spend (fake provider and replays); real spend is never deleted")
    .option("--simulated", "remove the simulated rows of this project")
    .option("--config <file>", "config file")
    .action(wrap(program, async () => (await import("./ledger.js")).ledgerClearCommand as Action));
  ledger
    .command("reconcile")
    .description("close reservations whose lease expired or whose process died, at their projected cost")
    .option("--config <file>", "config file")
    .action(wrap(program, async () => (await import("./ledger.js")).ledgerReconcileCommand as Action));
  ledger
    .command("export")
    .description("write the ledger's rows to a JSON file (to move history between SQLite and PostgreSQL)")
    .argument("<file>", "the file to write")
    .option("--config <file>", "config file")
    .action(wrap(program, async () => (await import("./ledger-transfer.js")).ledgerExportCommand as Action));
  ledger
    .command("import")
    .description("append the rows of a `leash ledger export` file to this ledger (repeatable)")
    .argument("<file>", "a file written by leash ledger export")
    .option("--config <file>", "config file")
    .action(wrap(program, async () => (await import("./ledger-transfer.js")).ledgerImportCommand as Action));

  program
    .command("undo")
    .description("restore the files a run changed to the run's checkpoint")
    .argument("<run>", "run id, a unique prefix of one, or `last`")
    .option("--force", "restore the checkpoint bytes even if the files were edited since the run")
    .action(wrap(program, async () => (await import("./undo.js")).undoCommand as Action));

  program
    .command("recover")
    .description("after a crash: roll the interrupted run back to its checkpoint and clear the lock")
    .option(
      "--force",
      "release the lock even if the rollback is still blocked or unverified (after you fixed or restored the paths it names)",
    )
    .action(wrap(program, async () => (await import("./recover.js")).recoverCommand as Action));

  program
    .command("demo")
    .description("run the bundled example tasks offline with the fake provider in a temporary repository")
    .option("--keep", "keep the temporary repository and print its path")
    .action(wrap(program, async () => (await import("./demo.js")).demoCommand as Action, { inRepo: false }));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  dropOutputOnceClosed(process.stdout);
  dropOutputOnceClosed(process.stderr);
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version are exits with code 0; usage errors are invalid input.
    return error.exitCode === 0 ? EXIT.accepted : EXIT.invalidInput;
  }
  const known = isLeashError(error) ? error : storageErrorFor(error);
  if (known) {
    process.stderr.write(`leash: ${formatError(known)}\n`);
    return known.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`leash: internal error: ${detail}\n`);
  return EXIT.internal;
}

// Not awaited at the top level: the bin is bundled as CommonJS (rolldown.config.mjs).
void main(process.argv);
