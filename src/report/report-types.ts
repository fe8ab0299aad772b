import type { Intent, ReasoningEffort, ServiceTier } from "../config/schema.js";
import type { Diagnosis } from "../contract/model-output.js";
import type { ExitCode } from "../errors.js";
import type { FailureSignature } from "../validate/failure-signature.js";
import type { BaselineSummary } from "./baseline-summary.js";
import type { AttemptMetrics, Verdict } from "./verdict.js";

/** The final report of one task run: report.json on disk and `--json` on stdout are this object. */

export type RunStatus =
  | "accepted"
  | "diagnosed"
  | "classified"
  | "not_accepted"
  | "blocked"
  | "escalated"
  | "needs_approval"
  /** A provider failure retrying cannot fix (auth, unknown endpoint/model, invalid request, unreachable): exit 2. */
  | "provider_error"
  | "internal_error";

export type AttemptOutcome =
  | "accepted"
  | "validators_failed"
  | "refused"
  | "parse_failed"
  | "apply_failed"
  | "provider_failed"
  | "blocked"
  | "diagnosis"
  | "classification";

export interface CallRecord {
  role: string;
  model: string;
  requestedTier: ServiceTier;
  actualTier: ServiceTier | null;
  reasoningEffort: ReasoningEffort;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  usage: { input: number; cachedInput: number; output: number; reasoning: number } | null;
  projectedUsd: number;
  actualUsd: number;
  status: "ok" | "failed";
  error?: string;
  latencyMs: number;
  /** Actual above the reservation: the estimator under-counted and the run stops before its next call. */
  overrunUsd?: number;
}

export interface ValidatorSummary {
  name: string;
  passed: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  failureCount: number;
  /** First normalized failures, for the terminal and the next prompt. */
  failures: string[];
  /** Under `baseline: tolerate`: failures already there on the clean tree, not counted. */
  knownFailures?: number;
}

export interface AttemptRecord {
  attempt: number;
  role: string;
  model: string;
  outcome: AttemptOutcome;
  /** Why a patch was refused or failed to parse/apply: the text the next attempt is told. */
  reason?: string;
  code?: string;
  calls: CallRecord[];
  repairs: { kind: string; file: string; detail: string; level?: string }[];
  /** Patch telemetry (`leash stats`): the answer's format, and whether it passed every check and applied. */
  answerFormat?: "unified_diff" | "edits";
  patchApplied?: boolean;
  patchFile?: string;
  /** The normalized diff that was applied (or would have been). */
  patchText?: string;
  patchHash?: string;
  /** Normalized validator failures (what convergence and the escalation packet judge by). */
  failureSignatures?: FailureSignature[];
  /** What the convergence judge measured of this attempt. */
  metrics?: AttemptMetrics;
  diffstat?: { files: number; added: number; removed: number };
  filesTouched: string[];
  /** Files left out of the prompt, cut, or shown as regions and an outline to fit the limits. */
  contextNotes?: string[];
  validators: ValidatorSummary[];
  verdict?: Verdict;
  durationMs: number;
}

export interface RouteStep {
  role: string;
  model: string;
  serviceTier: ServiceTier;
  reasoningEffort: ReasoningEffort;
  reasons: string[];
}

export interface RunReport {
  runId: string;
  taskId: string;
  taskFile: string;
  status: RunStatus;
  exitCode: ExitCode;
  message: string;
  provider: string;
  classification: { intent: Intent; source: string; reasons: string[] };
  route: RouteStep[];
  rolePath: string[];
  attempts: AttemptRecord[];
  reviews: { role: string; diagnosis: Diagnosis | null; calls: CallRecord[] }[];
  totals: {
    calls: number;
    estimatedInputTokens: number;
    inputTokens: number;
    cachedInputTokens: number;
    outputTokens: number;
    reasoningTokens: number;
    projectedUsd: number;
    actualUsd: number;
  };
  stages: { name: string; durationMs: number }[];
  change: {
    where: "working_tree" | "commit" | "branch" | "none";
    files: string[];
    diffstat?: { files: number; added: number; removed: number };
    commit?: string;
    branch?: string;
  };
  undo?: string;
  block?: { code: string; message: string };
  diagnosis?: Diagnosis;
  classificationAnswer?: { intent: Intent; confidence: number; rationale: string };
  escalationFile?: string;
  checkpoint?: { ref: string; commit: string };
  /** The Leash that wrote the report (`leash --version`); absent in reports older than 0.1.0. */
  leashVersion?: string;
  /** The validators on the clean tree before the first call (absent when the run never got there). */
  baseline?: BaselineSummary;
  /** Secrets replaced by placeholders before anything left for a provider or reached a file. */
  secrets?: { redacted: number; byKind: Record<string, number> };
  /** What the operator should know but that did not stop the run (validators ran unsandboxed). */
  warnings?: string[];
  startedAt: string;
  endedAt: string;
  durationMs: number;
}
