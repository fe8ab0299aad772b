import { z } from "zod";
import { type CheckedJson, type DamageContext, parseCheckedJson } from "./checked-json.js";
import type { RunReport } from "./report-types.js";

/**
 * report.json as `show`, `runs`, `undo` and `stats` read it back: every field those commands
 * use is checked. The convergence judge's nested records (verdicts, metrics, failure signatures,
 * the baseline, diagnoses) are only displayed, so they pass through as written.
 */
const money = z.number().finite();
const diffstat = z.looseObject({ files: z.number(), added: z.number(), removed: z.number() });

const call = z.looseObject({
  role: z.string(),
  model: z.string(),
  requestedTier: z.string(),
  actualTier: z.string().nullable(),
  estimatedInputTokens: z.number(),
  maxOutputTokens: z.number(),
  usage: z
    .looseObject({ input: z.number(), cachedInput: z.number(), output: z.number(), reasoning: z.number() })
    .nullable(),
  projectedUsd: money,
  actualUsd: money,
  status: z.enum(["ok", "failed"]),
  error: z.string().optional(),
  latencyMs: z.number(),
  overrunUsd: money.optional(),
});

const validator = z.looseObject({
  name: z.string(),
  passed: z.boolean(),
  exitCode: z.number().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number(),
  failureCount: z.number(),
  failures: z.array(z.string()),
});

const attempt = z.looseObject({
  attempt: z.number().int(),
  role: z.string(),
  model: z.string(),
  outcome: z.string(),
  reason: z.string().optional(),
  calls: z.array(call),
  repairs: z.array(z.looseObject({ kind: z.string(), file: z.string(), detail: z.string() })),
  answerFormat: z.enum(["unified_diff", "edits"]).optional(),
  patchApplied: z.boolean().optional(),
  patchText: z.string().optional(),
  diffstat: diffstat.optional(),
  filesTouched: z.array(z.string()),
  contextNotes: z.array(z.string()).optional(),
  validators: z.array(validator),
  durationMs: z.number(),
});

const reportSchema = z.looseObject({
  runId: z.string(),
  taskId: z.string(),
  taskFile: z.string(),
  status: z.enum([
    "accepted",
    "diagnosed",
    "classified",
    "not_accepted",
    "blocked",
    "escalated",
    "needs_approval",
    "provider_error",
    "internal_error",
  ]),
  exitCode: z.number().int(),
  message: z.string(),
  provider: z.string(),
  rolePath: z.array(z.string()),
  attempts: z.array(attempt),
  reviews: z.array(z.looseObject({ role: z.string(), calls: z.array(call) })),
  totals: z.looseObject({
    calls: z.number(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    projectedUsd: money,
    actualUsd: money,
  }),
  stages: z.array(z.looseObject({ name: z.string(), durationMs: z.number() })),
  change: z.looseObject({
    where: z.enum(["working_tree", "commit", "branch", "none"]),
    files: z.array(z.string()),
    diffstat: diffstat.optional(),
    commit: z.string().optional(),
    branch: z.string().optional(),
  }),
  checkpoint: z.looseObject({ ref: z.string(), commit: z.string() }).optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number(),
});

export function parseReport(text: string, ctx: Omit<DamageContext, "what">): CheckedJson<RunReport> {
  // The schema checks what the readers use; the displayed-only records are the writer's types.
  return parseCheckedJson(text, reportSchema, { ...ctx, what: "run report" }) as CheckedJson<RunReport>;
}
