import type { TokenPrice } from "../budget/pricing.js";
import type { OutputKind, ReasoningEffort, ServiceTier } from "../config/schema.js";
import type { ModelOutput } from "../contract/model-output.js";
import type { ParsedPatch } from "../patch/types.js";
import type { ProviderRequest, RoleProvider, TokenUsage } from "../providers/contract.js";
import type { SecretScanner } from "../secrets/index.js";
import type { ValidatorResult } from "../validate/run-validators.js";

/**
 * What the engine needs from the outside world. cli/wire.ts builds the real ones (git, SQLite,
 * the runner, a provider); engine tests pass small fakes. The engine imports no SDK, no SQLite
 * and no child_process.
 */

export type TokenPriceUsd = TokenPrice;

export interface ReservationAsk {
  runId: string;
  taskId: string;
  attempt: number;
  role: string;
  model: string;
  requestedTier: ServiceTier;
  reasoningEffort: ReasoningEffort;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  projectedUsd: number;
  taskBudgetUsd: number;
}

export interface BudgetPort {
  /** Null when the model is unknown or the tier is not offered for it. */
  price(model: string, tier: ServiceTier): TokenPriceUsd | null;
  /**
   * The reservation for a call: the exact input count plus the configured margin
   * (budget.input_margin) at the input price, and the full output cap at the output price.
   */
  projectedUsd(inputTokens: number, maxOutputTokens: number, price: TokenPriceUsd): number;
  actualUsd(usage: TokenUsage, price: TokenPriceUsd): number;
  /**
   * Rejects with BlockedError naming the scope and the figures when any budget would be passed.
   * Resolves once the reservation is durable in the ledger.
   */
  reserve(ask: ReservationAsk): Promise<string>;
  settle(
    id: string,
    usage: TokenUsage,
    actualModel: string,
    actualTier: ServiceTier,
    actualUsd: number,
  ): Promise<{ overrunUsd: number }>;
  settleAtProjected(id: string, reason: string): Promise<void>;
  release(id: string, error: string): Promise<void>;
  /** Throws BlockedError for a per-call limit (context chars, input/output tokens, runtime). */
  checkCallLimits(figures: {
    contextChars: number;
    inputTokens: number;
    maxOutputTokens: number;
    elapsedS: number;
  }): void;
  countTokens(text: string, model: string): number;
  /** Input tokens of the exact request: instructions, input and the output schema, with framing. */
  estimateRequestTokens(
    request: { instructions: string; input: string; wantedOutput: OutputKind },
    model: string,
  ): number;
}

export interface PreparedPatchInfo {
  ok: true;
  /** The parsed, repaired patch, handed back to `apply` unchanged. */
  parsed: ParsedPatch;
  diffText: string;
  files: string[];
  repairs: { kind: string; file: string; detail: string; level?: string }[];
  diffstat: { files: number; added: number; removed: number };
  bytes: number;
}

export interface PatchRefusalInfo {
  ok: false;
  stage: "parse" | "repair" | "safety" | "check";
  code: string;
  reason: string;
  repairs: { kind: string; file: string; detail: string; level?: string }[];
}

export type ApplyOutcomeInfo = { ok: true; touched: string[] } | { ok: false; stage: string; reason: string };

export interface WorkspacePort {
  repoRoot: string;
  readFile(path: string): Promise<Buffer | null>;
  /** Existing repo-relative files matching the globs, sorted; never a forbidden or outside path. */
  expandGlobs(globs: string[]): Promise<string[]>;
  preparePatch(
    output: Extract<ModelOutput, { kind: "unified_diff" | "edits" }>,
  ): Promise<PreparedPatchInfo | PatchRefusalInfo>;
  /** Recorded in state.json before the first write, so `leash recover` knows what to restore. */
  markAtRisk(paths: string[]): Promise<void>;
  apply(patch: PreparedPatchInfo): Promise<ApplyOutcomeInfo>;
  /** Restores the paths to the checkpoint and verifies; throws InternalError on a mismatch. */
  rollback(paths: string[]): Promise<void>;
  /**
   * Paths changed since the checkpoint that the patch did not touch: files that existed then,
   * or new files inside allowed_files. New files elsewhere (build output) are not counted.
   */
  unexpectedChanges(patchFiles: string[]): Promise<string[]>;
  /**
   * Commits exactly `files` on top of HEAD. Without a branch, HEAD's branch moves; with one, a new
   * branch gets the commit and the working tree returns to the checkpoint so the checkout is unchanged.
   */
  commit(files: string[], message: string, branch?: string): Promise<{ commit: string }>;
}

export type ValidatorRun = ValidatorResult;

export interface RunRecorder {
  emit(stage: string, event: string, data?: Record<string, unknown>): void;
  /**
   * Closes the open stage (an `end` event with its duration) and opens `name`: state.json,
   * events.jsonl and the progress display all hear of it.
   */
  stage(name: string): void;
  /** Closes the open stage without opening another. */
  endStage(): void;
  writeArtifact(relativePath: string, content: string | Buffer): string;
}

export interface EnginePorts {
  provider: RoleProvider;
  budget: BudgetPort;
  workspace: WorkspacePort;
  runValidators(names: string[], signal?: AbortSignal): Promise<ValidatorRun[]>;
  recorder: RunRecorder;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Asks the operator to approve a role that requires it; absent (no TTY) means no. */
  askApproval?(role: string): Promise<boolean>;
  /** Tells the engine a request is ready: for live progress and tests. */
  onCall?(request: ProviderRequest): void;
  /**
   * The secret scanner every request passes just before the provider sees it. Absent (engine
   * tests), the ruleset alone is used: the scan itself is never skipped.
   */
  secrets?: SecretScanner;
}
