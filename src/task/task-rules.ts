import { suggestName } from "../config/did-you-mean.js";
import type { LeashConfig } from "../config/schema.js";
import { PATCH_INTENTS } from "../config/schema.js";
import type { YamlSource } from "../config/yaml-source.js";
import { InputError, type LeashError } from "../errors.js";
import type { TaskFile } from "./schema.js";

/** Task rules that need the config: known role, known validators, patch intents fully specified. */
export function taskRuleErrors(task: TaskFile, config: LeashConfig, source: YamlSource): LeashError[] {
  const errors: LeashError[] = [];
  const roles = Object.keys(config.roles);
  if (task.role !== undefined && !roles.includes(task.role)) {
    errors.push(
      new InputError("task.unknown_role", `role \`${task.role}\` is not defined in the config's roles`, {
        location: source.locate(["role"]),
        hint: suggestName(task.role, roles, "roles"),
      }),
    );
  }
  const commands = Object.keys(config.commands);
  for (const [i, name] of (task.validators ?? []).entries()) {
    if (commands.includes(name)) continue;
    const known = commands.length ? commands.join(", ") : "none (add them under `commands` in leash.yaml)";
    errors.push(
      new InputError(
        "task.unknown_command",
        `validator \`${name}\` is not a command in the config; known commands: ${known}`,
        { location: source.locate(["validators", i]), hint: suggestName(name, commands, "commands") },
      ),
    );
  }
  const patch = task.intent === undefined || (PATCH_INTENTS as readonly string[]).includes(task.intent);
  if (patch) {
    const why =
      task.intent === undefined
        ? "a task without `intent` may produce a patch"
        : `intent \`${task.intent}\` produces a patch`;
    for (const field of ["allowed_files", "validators"] as const) {
      const extra = field === "allowed_files" ? (task.create_files?.length ?? 0) : 0;
      if ((task[field]?.length ?? 0) + extra > 0) continue;
      errors.push(
        new InputError(
          "task.missing_key",
          `${why}, so \`${field}\` must list at least one entry; found none`,
          {
            location: source.locate(task[field] === undefined ? [] : [field]),
            hint:
              field === "allowed_files"
                ? "list the files (globs) the patch may change under `allowed_files`"
                : `name the checks that must pass under \`validators\`${commands.length ? ` (known: ${commands.join(", ")})` : ""}`,
          },
        ),
      );
    }
  }
  return errors;
}
