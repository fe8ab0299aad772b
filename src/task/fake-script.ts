import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { displayPath } from "../config/load.js";
import { PARSE_ONCE } from "../config/parse-once.js";
import { refuseIfNotRegularFile } from "../config/regular-file.js";
import { parseYamlSource } from "../config/yaml-source.js";
import { issuesToErrors } from "../config/zod-issues.js";
import { type ErrorLocation, InputError, type LeashError } from "../errors.js";
import { type FakeResponse, fakeResponseSchema } from "./schema.js";

const scriptSchema = z.array(fakeResponseSchema);

export type ScriptResult = { ok: true; responses: FakeResponse[] } | { ok: false; errors: LeashError[] };

/** `fake.script`: a YAML or JSON list of fake responses, relative to the task file. */
export async function loadFakeScript(
  script: string,
  taskFile: string,
  cwd: string,
  fieldLocation: ErrorLocation,
): Promise<ScriptResult> {
  const file = resolve(dirname(taskFile), script);
  const displayFile = displayPath(cwd, file);
  let text: string;
  try {
    refuseIfNotRegularFile(file, displayFile, "task.fake_script_not_a_file", "fake script");
  } catch (error) {
    return { ok: false, errors: [error as InputError] };
  }
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return {
      ok: false,
      errors: [
        new InputError("task.fake_script_missing", `fake.script: cannot read ${displayFile}`, {
          location: fieldLocation,
          hint: "the script path is relative to the task file; check that it exists",
          cause: error,
        }),
      ],
    };
  }
  const parsed = parseYamlSource(displayFile, text, "task");
  if (!parsed.ok) return parsed;
  const result = scriptSchema.safeParse(parsed.source.value, PARSE_ONCE);
  if (result.success) return { ok: true, responses: result.data };
  const errors = issuesToErrors(result.error.issues, {
    schema: scriptSchema,
    value: parsed.source.value,
    source: parsed.source,
    prefix: "task",
  });
  return { ok: false, errors };
}
