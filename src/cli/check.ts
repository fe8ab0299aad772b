import { roleFitWarnings } from "../budget/role-fit.js";
import { displayPath, type LoadedConfig } from "../config/load.js";
import { EXIT, type ExitCode, formatError, type LeashError } from "../errors.js";
import { checkPrograms, programsError } from "../exec/preflight.js";
import { unsandboxedWarning } from "../exec/sandbox-status.js";
import type { CliContext } from "./context.js";
import { loadRepoConfig } from "./load-repo-config.js";
import { loadTaskArgs, problemsOf } from "./load-tasks.js";

/** `leash check [TASK...]`: validates the config and each task, printing every problem found. */
export async function checkCommand(
  ctx: CliContext,
  tasks: string[] = [],
  options: { config?: string } = {},
): Promise<ExitCode> {
  let loaded: LoadedConfig;
  try {
    loaded = await loadRepoConfig(ctx.cwd, options.config);
  } catch (error) {
    printErrors(ctx, problemsOf(error));
    if (tasks.length > 0) ctx.err(`tasks not checked: the config must be valid first`);
    return EXIT.invalidInput;
  }

  const configFile = displayPath(ctx.cwd, loaded.file);
  // The same glob expansion as `run`, so a quoted `'tasks/*.yaml'` means the same to both.
  const checked = await loadTaskArgs(ctx.cwd, tasks, loaded);
  const ok = checked.tasks.map((t) => t.id);
  const problems: LeashError[] = [...checked.problems];
  const { config } = loaded;
  const commands = Object.keys(config.commands);
  // Every command, not only the tasks' validators: a command that cannot start is a broken config.
  const missing = await checkPrograms(config.commands, commands, loaded.repoRoot, loaded.repoRoot);
  if (missing.length > 0) problems.unshift(programsError(missing, configFile));
  if (problems.length > 0) {
    printErrors(ctx, problems);
    // A command that cannot start is the config's problem, so the config is not called ok.
    const configState =
      missing.length > 0 ? `${missing.length} command${missing.length === 1 ? "" : "s"} cannot start` : "ok";
    ctx.err(`${configFile}: ${configState}; tasks: ${ok.length} ok, ${checked.invalid} invalid`);
    return EXIT.invalidInput;
  }
  ctx.out(`${configFile}: ok (project ${config.project})`);
  ctx.out(`  roles: ${Object.keys(config.roles).join(", ")}`);
  ctx.out(`  commands: ${commands.length ? commands.join(", ") : "none"}`);
  if (tasks.length > 0) ctx.out(`  tasks: ${ok.length} ok (${ok.join(", ")})`);
  // A warning, not an error: the config is valid, but this role's calls would all be blocked.
  for (const warning of roleFitWarnings(config)) ctx.err(`warning: ${warning}`);
  const warning = await unsandboxedWarning(config);
  if (warning) ctx.err(`warning: ${warning}`);
  return EXIT.accepted;
}

function printErrors(ctx: CliContext, errors: LeashError[]): void {
  for (const error of errors) ctx.err(formatError(error));
  ctx.err(`${errors.length} problem${errors.length === 1 ? "" : "s"} found`);
}
