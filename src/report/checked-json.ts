import type { z } from "zod";
import { PARSE_ONCE } from "../config/parse-once.js";
import { InputError } from "../errors.js";

/**
 * Leash's own files read back from disk (state, lock, report, cassette lines) are checked
 * against their schema, never cast: a damaged file is named with the field that is wrong and the
 * fix, instead of crashing later on an undefined.
 */
export type CheckedJson<T> = { ok: true; value: T } | { ok: false; error: InputError };

export interface DamageContext {
  /** The file as the operator should read it, e.g. `.leash/runs/<id>/state.json`. */
  file: string;
  /** What the file is, for the message: `run state`, `lock`, `report`. */
  what: string;
  /** Stable error code, e.g. `state.damaged`. */
  code: string;
  /** What to do about it. */
  hint: string;
}

export function parseCheckedJson<T>(text: string, schema: z.ZodType<T>, ctx: DamageContext): CheckedJson<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, error: damaged(ctx, `not valid JSON (${why})`) };
  }
  const parsed = schema.safeParse(value, PARSE_ONCE);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  const message = issue?.message.replace(/^Invalid input: /, "") ?? "does not match its schema";
  return {
    ok: false,
    error: damaged(ctx, message, field || undefined),
  };
}

function damaged(ctx: DamageContext, detail: string, field?: string): InputError {
  return new InputError(ctx.code, `${ctx.what} is damaged: ${detail}`, {
    location: { file: ctx.file, ...(field ? { field } : {}) },
    hint: ctx.hint,
  });
}
