import { resolve } from "node:path";
import { displayPath, type LoadedConfig, loadConfig } from "../config/load.js";
import { EXIT, type ExitCode, formatError, isLeashError, type LeashError } from "../errors.js";
import { loadTask } from "../task/load.js";
import type { CliContext } from "./context.js";

/** `leash check [TASK...]`: validates the config and each task, printing every problem found. */
export async function checkCommand(
  ctx: CliContext,
  tasks: string[] = [],
  options: { config?: string } = {},
): Promise<ExitCode> {
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({ cwd: ctx.cwd, configPath: options.config });
  } catch (error) {
    printErrors(ctx, problemsOf(error));
    if (tasks.length > 0) ctx.err(`tasks not checked: the config must be valid first`);
    return EXIT.invalidInput;
  }

  const configFile = displayPath(ctx.cwd, loaded.file);
  const problems: LeashError[] = [];
  const ok: string[] = [];
  for (const task of tasks) {
    try {
      const resolved = await loadTask(resolve(ctx.cwd, task), loaded);
      ok.push(resolved.id);
    } catch (error) {
      problems.push(...problemsOf(error));
    }
  }
  if (problems.length > 0) {
    printErrors(ctx, problems);
    ctx.err(`${configFile}: ok; tasks: ${ok.length} ok, ${tasks.length - ok.length} invalid`);
    return EXIT.invalidInput;
  }
  const { config } = loaded;
  ctx.out(`${configFile}: ok (project ${config.project})`);
  ctx.out(`  roles: ${Object.keys(config.roles).join(", ")}`);
  const commands = Object.keys(config.commands);
  ctx.out(`  commands: ${commands.length ? commands.join(", ") : "none"}`);
  if (tasks.length > 0) ctx.out(`  tasks: ${ok.length} ok (${ok.join(", ")})`);
  return EXIT.accepted;
}

/** A file-level failure carries its list of problems; anything that is not a LeashError is a bug. */
function problemsOf(error: unknown): LeashError[] {
  if (!isLeashError(error)) throw error;
  const list = (error as { errors?: unknown }).errors;
  return Array.isArray(list) && list.every(isLeashError) ? list : [error];
}

function printErrors(ctx: CliContext, errors: LeashError[]): void {
  for (const error of errors) ctx.err(formatError(error));
  ctx.err(`${errors.length} problem${errors.length === 1 ? "" : "s"} found`);
}
