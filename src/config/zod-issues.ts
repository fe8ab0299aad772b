import type { z } from "zod";
import { InputError, type LeashError } from "../errors.js";
import { describeValue, valueAt } from "./describe-value.js";
import { suggestName } from "./did-you-mean.js";
import { knownKeysAt } from "./schema-walk.js";
import type { YamlSource } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;

/** Zod's type names as an operator who writes YAML reads them. */
const TYPE_WORDS: Record<string, string> = {
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  int: "a whole number",
};

export interface IssueContext {
  schema: z.ZodType;
  /** The data that was validated (for a config: the merged document). */
  value: unknown;
  source: YamlSource;
  /** `config` or `task`: the first part of every error code. */
  prefix: string;
}

/** Every schema issue as a positioned error: what was expected, what was found, and the fix. */
export function issuesToErrors(issues: readonly Issue[], ctx: IssueContext): LeashError[] {
  return issues.flatMap((issue) => issueToErrors(issue, ctx));
}

function issueToErrors(issue: Issue, ctx: IssueContext): LeashError[] {
  const path = issue.path;
  const field = path.map(String).join(".");
  const found = valueAt(ctx.value, path);
  const make = (code: string, message: string, hint: string, key = false) =>
    new InputError(`${ctx.prefix}.${code}`, message, { location: ctx.source.locate(path, { key }), hint });

  switch (issue.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(ctx.schema, path);
      return issue.keys.map((name) => {
        const keyPath = [...path, name];
        return new InputError(
          `${ctx.prefix}.unknown_key`,
          `unknown key \`${name}\`${field ? ` in \`${field}\`` : ""}; expected one of: ${known.join(", ")}`,
          {
            location: ctx.source.locate(keyPath, { key: true }),
            hint: `${suggestName(name, known, "keys")} (remove or rename the key)`,
          },
        );
      });
    }
    case "invalid_type": {
      if (path[0] === "roles" && path.length === 3 && path[2] === "model" && found === undefined) {
        return [
          make(
            "role_without_model",
            `role \`${String(path[1])}\` has no model; expected a model name from pricing.models`,
            `add \`model: <name>\` to roles.${String(path[1])}`,
          ),
        ];
      }
      if (path[0] === "commands" && path[2] === "argv") {
        return [
          make(
            "command_not_argv",
            `command \`${String(path[1])}\`: expected argv as a list of strings, found ${describeValue(found)}`,
            "write the command as a list, e.g. `argv: [npx, tsc, --noEmit]` (no shell is ever used)",
          ),
        ];
      }
      const missing = found === undefined;
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return [
        make(
          missing ? "missing_key" : "wrong_type",
          `expected ${expected}, found ${describeValue(found)}`,
          missing
            ? `add \`${field}\` (${expected})`
            : field === ""
              ? `write the whole ${ctx.prefix === "task" ? "task file" : "file"} as ${expected} of \`key: value\` lines`
              : `write \`${field}\` as ${expected}`,
        ),
      ];
    }
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      const hint =
        typeof found === "string" ? suggestName(found, values, "values") : `use one of: ${values.join(", ")}`;
      return [
        make("invalid_value", `expected one of ${values.join(", ")}, found ${describeValue(found)}`, hint),
      ];
    }
    case "invalid_union": {
      const discriminated = "options" in issue ? issue.options : undefined;
      if (issue.discriminator !== undefined && discriminated) {
        const options = discriminated.map(String);
        return [
          make(
            "invalid_value",
            `expected one of ${options.join(", ")}, found ${describeValue(found)}`,
            found === undefined
              ? `add \`${field}\`: one of ${options.join(", ")}`
              : `use one of: ${options.join(", ")}`,
          ),
        ];
      }
      // The one form that takes the entry's type and keys, and objects only to what is inside:
      // its own problems say more than "none matched". A problem at the entry itself (another
      // type, a key the form does not have) means the entry is not of that form.
      const fitting = issue.errors.filter((branch) => !branch.some((i) => i.path.length === 0));
      if (fitting.length === 1 && fitting[0] !== undefined && fitting[0].length > 0) {
        return fitting[0].flatMap((inner) =>
          issueToErrors({ ...inner, path: [...path, ...inner.path] }, ctx),
        );
      }
      return [
        make(
          "invalid_value",
          `matches none of the allowed forms; found ${describeValue(found)}${keysOf(found)}`,
          "check the allowed forms for this field in docs/config.md (exactly one form per entry)",
        ),
      ];
    }
    default:
      return [
        make(
          "invalid_value",
          `${issue.message.replace(/^Invalid input: /, "")}; found ${describeValue(found)}`,
          `correct \`${field || "the document"}\``,
        ),
      ];
  }
}

function keysOf(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "";
  return ` with keys ${Object.keys(value).join(", ")}`;
}
