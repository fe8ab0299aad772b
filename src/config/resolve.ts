import { InputError, type LeashError } from "../errors.js";
import { isPlainObject, mergeOverDefaults } from "./merge.js";
import { PARSE_ONCE } from "./parse-once.js";
import { crossFieldErrors } from "./rules.js";
import { configSchema, type LeashConfig } from "./schema.js";
import { parseYamlSource } from "./yaml-source.js";
import { issuesToErrors } from "./zod-issues.js";

export type ConfigResult = { ok: true; config: LeashConfig } | { ok: false; errors: LeashError[] };

/**
 * Pure core of config loading: the user's YAML text merged over the defaults (config/defaults.ts), checked
 * by the schema and the cross-field rules. Every problem is collected, positioned in the
 * user's file.
 */
export function resolveConfig(input: {
  userText: string;
  displayFile: string;
  defaults: Record<string, unknown>;
  /** Used when the user's file does not set `project`. */
  defaultProject: string;
}): ConfigResult {
  const parsed = parseYamlSource(input.displayFile, input.userText, "config");
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  const user = source.value ?? {};
  if (!isPlainObject(user)) {
    const found = Array.isArray(user) ? "a list" : typeof user;
    return {
      ok: false,
      errors: [
        new InputError(
          "config.wrong_type",
          `expected a mapping of settings at the top level, found ${found}`,
          {
            location: source.locate([]),
            hint: "start the file with `version: 1` and put each setting on its own `key: value` line",
          },
        ),
      ],
    };
  }
  const merged = mergeOverDefaults(input.defaults, user);
  if (isPlainObject(merged) && merged["project"] === undefined) merged["project"] = input.defaultProject;
  const result = configSchema.safeParse(merged, PARSE_ONCE);
  const errors = [
    ...(result.success
      ? []
      : issuesToErrors(result.error.issues, {
          schema: configSchema,
          value: merged,
          source,
          prefix: "config",
        })),
    ...crossFieldErrors(merged, source),
  ];
  if (errors.length > 0 || !result.success) return { ok: false, errors: byPosition(errors) };
  return { ok: true, config: result.data };
}

/** Errors in file order, so the operator can fix them top to bottom. */
export function byPosition(errors: LeashError[]): LeashError[] {
  const key = (e: LeashError) => (e.location?.line ?? 0) * 100_000 + (e.location?.col ?? 0);
  return [...errors].sort((a, b) => key(a) - key(b));
}
