import { TaskInvalid } from "../config/file-invalid.js";
import type { LoadedConfig } from "../config/load.js";
import { isLeashError, type LeashError } from "../errors.js";
import { loadTask } from "../task/load.js";
import type { ResolvedTask } from "../task/schema.js";
import { expandTaskArgs } from "./task-args.js";

export interface LoadedTasks {
  tasks: ResolvedTask[];
  /** Every problem of every invalid task, in argument order. */
  problems: LeashError[];
  invalid: number;
}

/**
 * `check` and `run` read their task arguments the same way: the same glob expansion, and every
 * task loaded so that all invalid ones are reported in one pass, not just the first.
 */
export async function loadTaskArgs(
  cwd: string,
  args: string[],
  loaded: LoadedConfig,
  overrides: { maxUsd?: number } = {},
): Promise<LoadedTasks> {
  const tasks: ResolvedTask[] = [];
  const problems: LeashError[] = [];
  let invalid = 0;
  for (const file of expandTaskArgs(cwd, args)) {
    try {
      tasks.push(await loadTask(file, loaded, overrides));
    } catch (error) {
      invalid += 1;
      problems.push(...problemsOf(error));
    }
  }
  return { tasks, problems, invalid };
}

/** Throws one TaskInvalid carrying every problem, so `run` stops before anything starts. */
export async function loadTaskArgsOrThrow(
  cwd: string,
  args: string[],
  loaded: LoadedConfig,
  overrides: { maxUsd?: number } = {},
): Promise<ResolvedTask[]> {
  const { tasks, problems } = await loadTaskArgs(cwd, args, loaded, overrides);
  if (problems.length > 0) throw new TaskInvalid(problems);
  return tasks;
}

/** A file-level failure carries its list of problems; anything that is not a LeashError is a bug. */
export function problemsOf(error: unknown): LeashError[] {
  if (!isLeashError(error)) throw error;
  const list = (error as { errors?: unknown }).errors;
  return Array.isArray(list) && list.every(isLeashError) ? list : [error];
}
