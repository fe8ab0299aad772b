import type { LeashConfig } from "../config/schema.js";
import type { YamlSource } from "../config/yaml-source.js";
import { InputError, type LeashError } from "../errors.js";
import type { ResolvedTask, TaskFile } from "./schema.js";

/** One task field and the config value it may only lower. */
interface Ceiling {
  taskPath: ["budget" | "limits", string];
  configField: string;
  configValue: number;
}

function ceilings(config: LeashConfig): Ceiling[] {
  const { budget, limits } = config;
  const limit = (name: keyof typeof limits): Ceiling => ({
    taskPath: ["limits", name],
    configField: `limits.${name}`,
    configValue: limits[name],
  });
  return [
    {
      taskPath: ["budget", "max_usd"],
      configField: "budget.task_default_usd",
      configValue: budget.task_default_usd,
    },
    {
      taskPath: ["budget", "max_attempts"],
      configField: "limits.max_attempts_per_task",
      configValue: limits.max_attempts_per_task,
    },
    {
      taskPath: ["budget", "max_runtime_s"],
      configField: "limits.max_runtime_s_per_task",
      configValue: limits.max_runtime_s_per_task,
    },
    limit("max_input_tokens_per_call"),
    limit("max_output_tokens_per_call"),
    limit("max_context_chars_per_call"),
    limit("max_patch_bytes"),
    limit("max_files_per_patch"),
    limit("max_hunks_per_patch"),
  ];
}

export type Tightened = {
  budget: ResolvedTask["budget"];
  limits: ResolvedTask["limits"];
  errors: LeashError[];
};

/**
 * Tighten-only: a task may lower any budget or limit of the config, never raise one. Missing
 * values inherit the config's; a larger one is an error at the task's own field.
 */
export function tightenLimits(
  task: TaskFile,
  config: LeashConfig,
  source: YamlSource,
  configFile: string,
): Tightened {
  const errors: LeashError[] = [];
  const values = new Map<string, number>();
  for (const c of ceilings(config)) {
    const [group, name] = c.taskPath;
    const raw = (task[group] as Record<string, unknown> | undefined)?.[name];
    // Read defensively: also called on a task that failed its schema, to report every problem.
    const given = typeof raw === "number" ? raw : undefined;
    if (given !== undefined && given > c.configValue) {
      errors.push(
        new InputError(
          "task.loosens_limit",
          `${group}.${name} is ${given}, above the config's ${c.configField} = ${c.configValue} (${configFile}); a task may only tighten limits`,
          {
            location: source.locate(c.taskPath),
            hint: `lower ${group}.${name} to at most ${c.configValue}, or raise ${c.configField} in ${configFile}`,
            details: { given, ceiling: c.configValue, configField: c.configField },
          },
        ),
      );
    }
    values.set(`${group}.${name}`, given !== undefined && given <= c.configValue ? given : c.configValue);
  }
  const v = (key: string) => values.get(key) ?? 0;
  return {
    budget: {
      maxUsd: v("budget.max_usd"),
      maxAttempts: v("budget.max_attempts"),
      maxRuntimeS: v("budget.max_runtime_s"),
    },
    limits: {
      maxInputTokensPerCall: v("limits.max_input_tokens_per_call"),
      maxOutputTokensPerCall: v("limits.max_output_tokens_per_call"),
      maxContextCharsPerCall: v("limits.max_context_chars_per_call"),
      maxPatchBytes: v("limits.max_patch_bytes"),
      maxFilesPerPatch: v("limits.max_files_per_patch"),
      maxHunksPerPatch: v("limits.max_hunks_per_patch"),
    },
    errors,
  };
}
