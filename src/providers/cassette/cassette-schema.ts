import { z } from "zod";
import { outputKindSchema, reasoningEffortSchema, serviceTierSchema } from "../../config/schema.js";
import { modelOutputSchema } from "../../contract/model-output.js";
import type { CassetteEntry } from "./cassette-entry.js";

/**
 * One cassette line as replay reads it back. A replayed answer goes through the same patch checks
 * as a live one, but its shape must hold first: a hand-edited usage or output is named by line
 * and field instead of surfacing as a crash mid-run.
 */
const tier = serviceTierSchema;
const usage = z.looseObject({
  input: z.number().nonnegative(),
  cachedInput: z.number().nonnegative(),
  output: z.number().nonnegative(),
  reasoning: z.number().nonnegative(),
});

const request = z.looseObject({
  role: z.string(),
  model: z.string(),
  instructions: z.string(),
  input: z.string(),
  wantedOutput: outputKindSchema,
  maxOutputTokens: z.number().int(),
  reasoningEffort: reasoningEffortSchema,
  serviceTier: tier,
  taskId: z.string(),
  attempt: z.number().int(),
});

const response = z.looseObject({
  rawText: z.string(),
  output: modelOutputSchema.nullable(),
  parseError: z.string().optional(),
  usage,
  usageReported: z.boolean(),
  model: z.string(),
  serviceTier: tier,
  finishReason: z.enum(["stop", "length", "refusal", "other"]),
  latencyMs: z.number(),
  requestId: z.string().optional(),
});

const error = z.looseObject({
  kind: z.enum([
    "rate_limited",
    "tier_unavailable",
    "timeout",
    "server_error",
    "overloaded",
    "not_found",
    "refused",
    "truncated",
    "malformed_output",
    "auth",
    "bad_request",
    "unreachable",
    "aborted",
  ]),
  message: z.string(),
  retryable: z.boolean(),
  extra: z.looseObject({ usage: usage.optional(), serviceTier: tier.optional() }),
});

const base = { v: z.literal(1), digest: z.string().min(1), provider: z.string(), request };

export const cassetteEntrySchema: z.ZodType<CassetteEntry> = z.union([
  z.looseObject({ ...base, response }),
  z.looseObject({ ...base, error }),
]);
