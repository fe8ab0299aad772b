import { z } from "zod";

/**
 * The shape of a fully resolved `leash.yaml` (SPEC §5): the user's file merged over
 * `data/defaults.yaml`. Every object is strict so a typo'd key is an error, never ignored.
 */

export const SERVICE_TIERS = ["default", "flex", "priority"] as const;
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
export const OUTPUT_KINDS = ["patch", "diagnosis", "classification"] as const;
export const INTENTS = [
  "mechanical",
  "bugfix",
  "feature",
  "refactor",
  "tests",
  "docs",
  "classify",
  "summarize",
  "diagnose",
] as const;
/** Intents whose answer is a patch; they need `allowed_files` and `validators`. */
export const PATCH_INTENTS = ["mechanical", "bugfix", "feature", "refactor", "tests", "docs"] as const;

export const serviceTierSchema = z.enum(SERVICE_TIERS);
export const reasoningEffortSchema = z.enum(REASONING_EFFORTS);
export const outputKindSchema = z.enum(OUTPUT_KINDS);
export const intentSchema = z.enum(INTENTS);

const usd = z.number().nonnegative();
const positiveInt = z.number().int().positive();

export const openaiProviderSchema = z.strictObject({
  enabled: z.boolean(),
  api_key_env: z.string().min(1),
  base_url: z.string().url().nullable(),
  timeout_s: z.number().positive(),
  flex_timeout_s: z.number().positive(),
  /** OpenAI-compatible servers differ: some reject or ignore these fields (OPENAI_NOTES). */
  send_service_tier: z.boolean(),
  send_reasoning: z.boolean(),
  /** Orchestrator-level retries for retryable errors (the SDK's own retries are always off). */
  max_retries: z.number().int().min(0).max(5),
});

export const WIRES = ["responses", "chat_completions", "anthropic_messages"] as const;
export const wireSchema = z.enum(WIRES);

/**
 * A named endpoint (SPEC §12). Unset switches take the wire's defaults (config/provider-specs.ts),
 * so a local server needs no more than its wire and base_url.
 */
export const namedProviderSchema = z.strictObject({
  wire: wireSchema,
  enabled: z.boolean().optional(),
  /** The key's variable; null for endpoints that take no key (local servers). */
  api_key_env: z.string().min(1).nullable().optional(),
  base_url: z.string().url().nullable().optional(),
  timeout_s: z.number().positive().optional(),
  flex_timeout_s: z.number().positive().optional(),
  send_service_tier: z.boolean().optional(),
  send_reasoning: z.boolean().optional(),
  /** How the answer's shape is asked for: a strict JSON schema, JSON mode, or the prompt alone. */
  structured_output: z.enum(["json_schema", "json_object", "none"]).optional(),
  /** Chat Completions only: the name of the output cap the endpoint understands. */
  max_tokens_field: z.enum(["max_completion_tokens", "max_tokens"]).optional(),
  /** Prompt caching: cache_control (Anthropic) or prompt_cache_key (OpenAI). */
  prompt_cache: z.boolean().optional(),
  max_retries: z.number().int().min(0).max(5).optional(),
});

export const providerSchema = z.strictObject({
  backend: z.literal("role_provider"),
  /** The provider of roles that name none: `fake`, `openai` or a key of `providers`. */
  default: z.string().min(1),
  openai: openaiProviderSchema,
});

/** What a reservation adds to the exact input count for what the count cannot see (docs/budget.md). */
export const inputMarginSchema = z.strictObject({
  tokens: z.number().int().min(0),
  percent: z.number().min(0).max(100),
});

export const budgetSchema = z.strictObject({
  project_total_budget_usd: usd,
  role_budgets_usd: z.record(z.string(), usd),
  task_default_usd: usd,
  input_margin: inputMarginSchema,
  /** A scope above the project, shared by every repository (on a shared ledger) naming it. */
  team: z.string().min(1).nullable().optional(),
  team_total_budget_usd: usd.nullable().optional(),
});

export const limitsSchema = z.strictObject({
  max_input_tokens_per_call: positiveInt,
  /** OpenAI refuses max_output_tokens below 16 (OPENAI_NOTES). */
  max_output_tokens_per_call: z.number().int().min(16),
  max_context_chars_per_call: positiveInt,
  max_patch_bytes: positiveInt,
  max_runtime_s_per_task: z.number().positive(),
  max_validator_output_bytes: positiveInt,
  max_attempts_per_task: positiveInt,
  max_files_per_patch: positiveInt,
  max_hunks_per_patch: positiveInt,
});

export const policySchema = z.strictObject({
  builder_service_tier_preference: z.strictObject({
    preferred: serviceTierSchema,
    fallback: serviceTierSchema,
    allow_priority: z.boolean(),
  }),
});

export const reasoningEffortConfigSchema = z.strictObject({
  default: reasoningEffortSchema,
});

export const roleSchema = z.strictObject({
  model: z.string().min(1),
  output: outputKindSchema,
  requires_approval: z.boolean().optional(),
  reasoning_effort: reasoningEffortSchema.optional(),
  /** Overrides the policy's tier preference for this role (e.g. reviewers on `default`). */
  service_tier: serviceTierSchema.optional(),
  /** Tightens limits.max_output_tokens_per_call for this role; never loosens it. */
  max_output_tokens: z.number().int().min(16).optional(),
  /** The provider this role calls (a key of `providers`, `openai` or `fake`); else provider.default. */
  provider: z.string().min(1).optional(),
});

export const routingSchema = z.strictObject({
  intents: z.partialRecord(intentSchema, z.string().min(1)),
  escalation_ladder: z.array(z.string().min(1)),
  reviewer: z.string().min(1),
  use_classifier: z.boolean(),
});

const tokenPriceSchema = z.strictObject({
  input: usd,
  cached_input: usd.optional(),
  /** Writing the prompt cache (Anthropic); absent means cache writes cost full input. */
  cache_write_input: usd.optional(),
  output: usd,
});

export const modelPriceSchema = z.strictObject({
  input: usd,
  cached_input: usd.optional(),
  cache_write_input: usd.optional(),
  output: usd,
  /** Tiers this model is offered on; a tier not listed is not offered (fall back or refuse). */
  tiers: z.array(serviceTierSchema).min(1).optional(),
  /** Explicit per-tier prices where the multiplier is not exact. */
  tier_prices: z.partialRecord(serviceTierSchema, tokenPriceSchema).optional(),
  /** Reasoning efforts the model accepts; a config asking for another is refused. */
  efforts: z.array(reasoningEffortSchema).min(1).optional(),
  /** Tokenizer encoding used for estimates. */
  encoding: z.enum(["o200k_base", "cl100k_base", "claude_conservative"]).optional(),
  context_tokens: positiveInt.optional(),
  max_output_tokens: positiveInt.optional(),
});

export const pricingSchema = z.strictObject({
  as_of: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v)),
  source: z.string().optional(),
  models: z.record(z.string(), modelPriceSchema),
  /** Models the config does not price take their price from the maintained catalog. */
  catalog: z.boolean().optional(),
  tier_multipliers: z.partialRecord(serviceTierSchema, z.number().positive()),
});

export const sandboxKindSchema = z.enum(["auto", "none", "bwrap"]);

export const commandSchema = z.strictObject({
  argv: z.array(z.string().min(1)).min(1),
  timeout_s: z.number().positive(),
  /** Secret-looking variables are scrubbed unless passed here by name. */
  env_pass: z.array(z.string().min(1)).optional(),
  sandbox: sandboxKindSchema.optional(),
  max_output_bytes: positiveInt.optional(),
  /** Variables set for this command after the scrub, e.g. PYTHONPATH=src so tests import the working tree. */
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a variable name"), z.string()).optional(),
});

/** What a validator failing on the clean tree means: stop (require), count only new failures (tolerate), or do not run it (skip). */
export const BASELINE_MODES = ["require", "tolerate", "skip"] as const;
export const baselineModeSchema = z.enum(BASELINE_MODES);

export const configSchema = z.strictObject({
  version: z.literal(1),
  /** The project scope in the ledger; several repositories may share one ledger. */
  project: z.string().min(1),
  provider: providerSchema,
  providers: z.record(z.string(), namedProviderSchema).optional(),
  budget: budgetSchema,
  limits: limitsSchema,
  policy: policySchema,
  reasoning_effort: reasoningEffortConfigSchema,
  roles: z.record(z.string(), roleSchema),
  routing: routingSchema,
  pricing: pricingSchema,
  commands: z.record(z.string(), commandSchema),
  sandbox: z.strictObject({
    default: sandboxKindSchema,
    /** Directories under the hidden home a sandboxed command may read (`~/` allowed). */
    read_paths: z.array(z.string().min(1)),
  }),
  baseline: baselineModeSchema,
  forbidden_paths: z.array(z.string().min(1)),
  ledger: z.strictObject({
    path: z.string().min(1),
    /** postgres://… keeps the ledger in PostgreSQL (LEASH_LEDGER_URL overrides); null: SQLite at path. */
    url: z.string().min(1).nullable().optional(),
    /** Lease of a reservation in seconds; null: the longest call (flex timeout) plus a minute. */
    lease_s: z.number().positive().nullable().optional(),
  }),
});

export type LeashConfig = z.infer<typeof configSchema>;
export type CommandConfig = z.infer<typeof commandSchema>;
export type ModelPrice = z.infer<typeof modelPriceSchema>;
export type PricingConfig = z.infer<typeof pricingSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
export type NamedProviderConfig = z.infer<typeof namedProviderSchema>;
export type Wire = z.infer<typeof wireSchema>;
export type ServiceTier = z.infer<typeof serviceTierSchema>;
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;
export type OutputKind = z.infer<typeof outputKindSchema>;
export type Intent = z.infer<typeof intentSchema>;
export type SandboxKind = z.infer<typeof sandboxKindSchema>;
export type BaselineMode = z.infer<typeof baselineModeSchema>;
