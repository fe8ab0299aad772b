import { z } from "zod";
import { intentSchema } from "../config/schema.js";

/** One structured edit: replace a unique block, or create a file (SPEC §6). */
export const editSchema = z.discriminatedUnion("op", [
  z.strictObject({
    path: z.string().min(1),
    op: z.literal("replace"),
    find: z.string(),
    replace: z.string(),
  }),
  z.strictObject({ path: z.string().min(1), op: z.literal("create"), content: z.string() }),
]);

export type Edit = z.infer<typeof editSchema>;

/**
 * The model's answer (SPEC §6). Providers turn raw text into one `ModelOutput`; the patch
 * module then checks a `unified_diff` or `edits` as data. Strict structured output forbids
 * optional keys and a root anyOf, so the wire shape is one object with a `kind` and nullable
 * slots, and exactly the slot named by `kind` must be filled.
 */

export const diagnosisSchema = z.strictObject({
  summary: z.string(),
  root_cause: z.string(),
  evidence: z.array(z.string()),
  suggested_plan: z.array(z.string()),
  confidence: z.number().min(0).max(1),
});

export const classificationSchema = z.strictObject({
  intent: intentSchema,
  confidence: z.number().min(0).max(1),
  rationale: z.string(),
});

export const wireOutputSchema = z.strictObject({
  kind: z.enum(["unified_diff", "edits", "diagnosis", "classification"]),
  unified_diff: z.string().nullable(),
  edits: z.array(editSchema).nullable(),
  diagnosis: diagnosisSchema.nullable(),
  classification: classificationSchema.nullable(),
});

export type Diagnosis = z.infer<typeof diagnosisSchema>;
export type Classification = z.infer<typeof classificationSchema>;
export type WireOutput = z.infer<typeof wireOutputSchema>;

export type ModelOutput =
  | { kind: "unified_diff"; unifiedDiff: string }
  | { kind: "edits"; edits: z.infer<typeof editSchema>[] }
  | { kind: "diagnosis"; diagnosis: Diagnosis }
  | { kind: "classification"; classification: Classification };

/** ModelOutput as data read back from disk (a cassette): the same shape, checked. */
export const modelOutputSchema: z.ZodType<ModelOutput> = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("unified_diff"), unifiedDiff: z.string() }),
  z.strictObject({ kind: z.literal("edits"), edits: z.array(editSchema) }),
  z.strictObject({ kind: z.literal("diagnosis"), diagnosis: diagnosisSchema }),
  z.strictObject({ kind: z.literal("classification"), classification: classificationSchema }),
]);
