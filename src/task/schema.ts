import { z } from "zod";
import { type BaselineMode, baselineModeSchema, intentSchema } from "../config/schema.js";
import { editSchema } from "../contract/model-output.js";
import type { FileRegion } from "../outline/region.js";
import { fileEntrySchema } from "./region-entries.js";

/** Task files (SPEC §4). Limits here may only tighten the config's; that rule lives in task/tighten.ts. */

const usageOverrideSchema = z.strictObject({
  input_tokens: z.number().int().nonnegative().optional(),
  output_tokens: z.number().int().nonnegative().optional(),
  cached_input_tokens: z.number().int().nonnegative().optional(),
  reasoning_tokens: z.number().int().nonnegative().optional(),
});

export const FAKE_ERRORS = [
  "rate_limit",
  "timeout",
  "server_error",
  "flex_unavailable",
  "truncated",
] as const;

/** One scripted answer of the fake provider: exactly one of the response keys, plus optional usage. */
export const fakeResponseSchema = z.union([
  z.strictObject({ unified_diff: z.string(), usage: usageOverrideSchema.optional() }),
  z.strictObject({ edits: z.array(editSchema), usage: usageOverrideSchema.optional() }),
  z.strictObject({
    diagnosis: z.union([z.string(), z.record(z.string(), z.unknown())]),
    usage: usageOverrideSchema.optional(),
  }),
  z.strictObject({
    classification: z.strictObject({
      intent: intentSchema,
      confidence: z.number().min(0).max(1),
      rationale: z.string().optional(),
    }),
    usage: usageOverrideSchema.optional(),
  }),
  z.strictObject({ raw: z.string(), usage: usageOverrideSchema.optional() }),
  z.strictObject({ error: z.enum(FAKE_ERRORS), usage: usageOverrideSchema.optional() }),
]);

export const taskSchema = z.strictObject({
  version: z.literal(1),
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only")
    .optional(),
  goal: z.string().min(1),
  intent: intentSchema.optional(),
  role: z.string().min(1).optional(),
  allowed_files: z.array(fileEntrySchema).optional(),
  /** Allowed files that may not exist yet: the only entries exempt from "must match a file". */
  create_files: z.array(z.string().min(1)).optional(),
  context_files: z.array(fileEntrySchema).optional(),
  forbidden_paths: z.array(z.string().min(1)).optional(),
  /**
   * Allowed or context files (globs) that may hold secrets: sent with each secret replaced by its
   * placeholder. Any other file whose content matches the secret rules is refused as context.
   */
  allow_secrets_in: z.array(z.string().min(1)).optional(),
  validators: z.array(z.string().min(1)).optional(),
  baseline: baselineModeSchema.optional(),
  budget: z
    .strictObject({
      max_usd: z.number().nonnegative().optional(),
      max_attempts: z.number().int().positive().optional(),
      max_runtime_s: z.number().positive().optional(),
    })
    .optional(),
  limits: z
    .strictObject({
      max_input_tokens_per_call: z.number().int().positive().optional(),
      max_output_tokens_per_call: z.number().int().positive().optional(),
      max_context_chars_per_call: z.number().int().positive().optional(),
      max_patch_bytes: z.number().int().positive().optional(),
      max_files_per_patch: z.number().int().positive().optional(),
      max_hunks_per_patch: z.number().int().positive().optional(),
    })
    .optional(),
  fake: z
    .strictObject({
      responses: z.array(fakeResponseSchema).optional(),
      script: z.string().min(1).optional(),
    })
    .optional(),
});

export type TaskFile = z.infer<typeof taskSchema>;
export type FakeResponse = z.infer<typeof fakeResponseSchema>;
export type { Edit } from "../contract/model-output.js";
export type FakeError = (typeof FAKE_ERRORS)[number];

/** A task after loading: id resolved, limits tightened against the config, paths absolute where needed. */
export interface ResolvedTask {
  /** Absolute path of the task file. */
  file: string;
  id: string;
  goal: string;
  intent?: z.infer<typeof intentSchema>;
  role?: string;
  allowedFiles: string[];
  /** Paths the patch may create; also in allowedFiles. */
  createFiles: string[];
  contextFiles: string[];
  /** Config's forbidden paths plus the task's own. */
  forbiddenPaths: string[];
  /** `allow_secrets_in`: files sent with their secrets redacted instead of being refused. */
  allowSecretsIn?: string[];
  validators: string[];
  /** The task's `baseline`, else the config's. */
  baseline: BaselineMode;
  budget: { maxUsd: number; maxAttempts: number; maxRuntimeS: number };
  limits: {
    maxInputTokensPerCall: number;
    maxOutputTokensPerCall: number;
    maxContextCharsPerCall: number;
    maxPatchBytes: number;
    maxFilesPerPatch: number;
    maxHunksPerPatch: number;
  };
  /** Scripted fake responses (from `fake.responses` or `fake.script`), in order. */
  fakeResponses: FakeResponse[];
  /** Parts of files named by lines or symbols, or shown as outlines (SPEC §12); empty: whole files. */
  regions?: FileRegion[];
}
