import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { TaskInvalid } from "../config/file-invalid.js";
import { displayPath, type LoadedConfig } from "../config/load.js";
import { isPlainObject } from "../config/merge.js";
import { PARSE_ONCE } from "../config/parse-once.js";
import { refuseIfNotRegularFile } from "../config/regular-file.js";
import { byPosition } from "../config/resolve.js";
import { parseYamlSource } from "../config/yaml-source.js";
import { issuesToErrors } from "../config/zod-issues.js";
import { InputError, type LeashError } from "../errors.js";
import { loadFakeScript } from "./fake-script.js";
import { missingFileErrors } from "./files-exist.js";
import { splitEntry } from "./region-entries.js";
import { resolveRegions } from "./resolve-regions.js";
import { type FakeResponse, type ResolvedTask, type TaskFile, taskSchema } from "./schema.js";
import { taskRuleErrors } from "./task-rules.js";
import { tightenLimits } from "./tighten.js";

/**
 * Reads a task file and resolves it against the loaded config: every problem is collected
 * and thrown together as TaskInvalid, each positioned in the task file.
 */
export async function loadTask(
  file: string,
  loaded: LoadedConfig,
  overrides: { maxUsd?: number } = {},
): Promise<ResolvedTask> {
  const cwd = process.cwd();
  const abs = resolve(cwd, file);
  const displayFile = displayPath(cwd, abs);
  const text = await readTaskText(abs, displayFile);
  const parsed = parseYamlSource(displayFile, text, "task");
  if (!parsed.ok) throw new TaskInvalid(parsed.errors);
  const { source } = parsed;
  const result = taskSchema.safeParse(source.value, PARSE_ONCE);
  const { config } = loaded;
  const configFile = displayPath(cwd, loaded.file);
  if (!result.success) {
    const ctx = { schema: taskSchema, value: source.value, source, prefix: "task" };
    // Limits are still compared, so one run of `leash check` reports every problem.
    const loose = isPlainObject(source.value)
      ? tightenLimits(source.value as TaskFile, config, source, configFile).errors
      : [];
    throw new TaskInvalid(byPosition([...issuesToErrors(result.error.issues, ctx), ...loose]));
  }
  const task = result.data;
  const tightened = tightenLimits(task, config, source, configFile);
  const errors: LeashError[] = [
    ...taskRuleErrors(task, config, source),
    ...tightened.errors,
    ...missingFileErrors(task, loaded.repoRoot, source),
  ];

  let fakeResponses: FakeResponse[] = task.fake?.responses ?? [];
  if (task.fake?.script !== undefined) {
    if (task.fake.responses !== undefined) {
      errors.push(
        new InputError("task.invalid_value", "fake: expected either `responses` or `script`, found both", {
          location: source.locate(["fake", "script"]),
          hint: "keep one of fake.responses and fake.script",
        }),
      );
    }
    const script = await loadFakeScript(task.fake.script, abs, cwd, source.locate(["fake", "script"]));
    if (script.ok) fakeResponses = script.responses;
    else errors.push(...script.errors);
  }

  const budget = { ...tightened.budget };
  if (overrides.maxUsd !== undefined) {
    if (overrides.maxUsd > budget.maxUsd) {
      errors.push(
        new InputError(
          "task.loosens_limit",
          `--max-usd ${overrides.maxUsd} is above the task's budget of ${budget.maxUsd}; --max-usd may only tighten it`,
          { location: { field: "--max-usd" }, hint: `pass --max-usd ${budget.maxUsd} or less` },
        ),
      );
    } else budget.maxUsd = overrides.maxUsd;
  }
  const allowedSplit = (task.allowed_files ?? []).map((e, i) => splitEntry(e, "allowed_files", i));
  const contextSplit = task.context_files?.map((e, i) => splitEntry(e, "context_files", i));
  const specs = [...allowedSplit, ...(contextSplit ?? [])].flatMap((s) => (s.spec ? [s.spec] : []));
  const resolved =
    specs.length > 0 ? await resolveRegions(specs, loaded.repoRoot, source) : { regions: [], errors: [] };
  errors.push(...resolved.errors);
  if (errors.length > 0) throw new TaskInvalid(byPosition(errors));

  const createFiles = task.create_files ?? [];
  const allowedFiles = unique([...allowedSplit.map((s) => s.path), ...createFiles]);
  return {
    file: abs,
    id: task.id ?? basename(abs, extname(abs)),
    goal: task.goal,
    intent: task.intent,
    role: task.role,
    allowedFiles,
    createFiles,
    contextFiles: contextSplit?.map((s) => s.path) ?? defaultContextFiles(allowedFiles, loaded.repoRoot),
    forbiddenPaths: unique([...config.forbidden_paths, ...(task.forbidden_paths ?? [])]),
    allowSecretsIn: task.allow_secrets_in ?? [],
    validators: task.validators ?? [],
    baseline: task.baseline ?? config.baseline,
    budget,
    limits: tightened.limits,
    fakeResponses,
    regions: resolved.regions,
  };
}

async function readTaskText(abs: string, displayFile: string): Promise<string> {
  refuseIfNotRegularFile(abs, displayFile, "task.not_a_file", "task file");
  try {
    return await readFile(abs, "utf8");
  } catch (error) {
    throw new InputError("task.missing", `cannot read task file ${displayFile}`, {
      location: { file: displayFile },
      hint: "check the path; task files are YAML (see tasks/example.yaml from `leash init`)",
      cause: error,
    });
  }
}

/** Glob entries are kept for the context builder to expand; plain paths only when they exist. */
function defaultContextFiles(allowed: string[], repoRoot: string): string[] {
  return allowed.filter((entry) => /[*?[\]{}]/.test(entry) || existsSync(join(repoRoot, entry)));
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
