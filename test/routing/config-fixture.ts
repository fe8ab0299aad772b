import type { LeashConfig } from "../../src/config/schema.js";
import type { ResolvedTask } from "../../src/task/schema.js";

/** A complete config shaped like SPEC §5, for the pure routing/context/engine tests. */
export function makeConfig(overrides: (c: LeashConfig) => void = () => {}): LeashConfig {
  const config: LeashConfig = {
    version: 1,
    project: "test",
    provider: {
      backend: "role_provider",
      default: "fake",
      openai: {
        enabled: false,
        api_key_env: "OPENAI_API_KEY",
        base_url: null,
        timeout_s: 120,
        flex_timeout_s: 900,
        send_service_tier: true,
        send_reasoning: true,
        max_retries: 2,
      },
    },
    budget: {
      project_total_budget_usd: 5,
      role_budgets_usd: {},
      task_default_usd: 0.5,
      input_margin: { tokens: 64, percent: 5 },
    },
    limits: {
      max_input_tokens_per_call: 32000,
      max_output_tokens_per_call: 4000,
      max_context_chars_per_call: 128000,
      max_patch_bytes: 256000,
      max_runtime_s_per_task: 1800,
      max_validator_output_bytes: 65536,
      max_attempts_per_task: 4,
      max_files_per_patch: 10,
      max_hunks_per_patch: 40,
    },
    policy: {
      builder_service_tier_preference: { preferred: "flex", fallback: "default", allow_priority: false },
    },
    reasoning_effort: { default: "medium" },
    roles: {
      mechanical_worker: { model: "gpt-5-nano", output: "patch" },
      classification_worker: { model: "gpt-5-nano", output: "classification" },
      simple_builder: { model: "gpt-5-mini", output: "patch" },
      general_builder: { model: "gpt-5.1", output: "patch" },
      coding_optimized_builder: { model: "gpt-5.1-codex", output: "patch" },
      frontier_reviewer: { model: "gpt-5-pro", output: "diagnosis" },
      emergency_pro_reviewer: { model: "gpt-5-pro", output: "diagnosis", requires_approval: true },
    },
    routing: {
      intents: {
        mechanical: "mechanical_worker",
        docs: "simple_builder",
        tests: "simple_builder",
        bugfix: "general_builder",
        refactor: "general_builder",
        feature: "coding_optimized_builder",
        classify: "classification_worker",
        summarize: "classification_worker",
        diagnose: "frontier_reviewer",
      },
      escalation_ladder: ["simple_builder", "general_builder", "coding_optimized_builder"],
      reviewer: "frontier_reviewer",
      use_classifier: false,
    },
    pricing: {
      as_of: "2026-11-01",
      models: {
        "gpt-5-nano": { input: 0.05, output: 0.4, tiers: ["default", "flex"] },
        "gpt-5-mini": { input: 0.25, output: 2, tiers: ["default", "flex", "priority"] },
        "gpt-5.1": { input: 1.25, output: 10, tiers: ["default", "flex", "priority"] },
        "gpt-5.1-codex": { input: 1.25, output: 10, tiers: ["default", "priority"] },
        "gpt-5-pro": { input: 15, output: 120, tiers: ["default"], efforts: ["high"] },
      },
      tier_multipliers: { flex: 0.5, default: 1, priority: 2 },
    },
    commands: {},
    sandbox: { default: "none", read_paths: [] },
    baseline: "require",
    forbidden_paths: [".git/**", ".leash/**", "**/.env*", "**/*.pem", "node_modules/**"],
    ledger: { path: ".leash/ledger.sqlite" },
  };
  overrides(config);
  return config;
}

export function makeTask(fields: Partial<ResolvedTask> = {}): ResolvedTask {
  return {
    file: "/repo/tasks/t.yaml",
    id: "t",
    goal: "parseDuration('1h30m') must return 5400; it returns 3600.",
    allowedFiles: ["src/duration.ts"],
    createFiles: [],
    contextFiles: [],
    forbiddenPaths: [".git/**", "**/.env*", "secrets/**"],
    validators: ["unit"],
    baseline: "require",
    budget: { maxUsd: 0.5, maxAttempts: 3, maxRuntimeS: 900 },
    limits: {
      maxInputTokensPerCall: 32000,
      maxOutputTokensPerCall: 4000,
      maxContextCharsPerCall: 128000,
      maxPatchBytes: 20000,
      maxFilesPerPatch: 10,
      maxHunksPerPatch: 40,
    },
    fakeResponses: [],
    ...fields,
  };
}
