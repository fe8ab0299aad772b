import type { ResolvedTask } from "../task/schema.js";
import type { FailureSignature } from "../validate/failure-signature.js";
import type { Verdict } from "./convergence.js";
import type { AttemptOutcome } from "./convergence-metrics.js";

/** One attempt as the engine recorded it. */
export interface PacketAttemptInput {
  attempt: number;
  role: string;
  model?: string;
  outcome: AttemptOutcome;
  patch?: string;
  /** Why the answer was refused or did not parse, when it never reached the validators. */
  reason?: string;
  failures?: readonly FailureSignature[];
  verdict?: Verdict;
  costUsd?: number;
}

export interface PacketRouteStep {
  role: string;
  model?: string;
  reasons: string[];
}

export interface EscalationPacketInput {
  task: Pick<ResolvedTask, "id" | "goal" | "allowedFiles" | "validators"> & { intent?: string };
  routeHistory: readonly PacketRouteStep[];
  attempts: readonly PacketAttemptInput[];
  costs: { estimatedUsd: number; actualUsd: number; inputTokens?: number; outputTokens?: number };
  /** Why the engine escalates, e.g. "diverging" or "stagnating at the top of the ladder". */
  reason: string;
}

/** Plain JSON: written to escalation.json and sent, as text, to the reviewer. */
export interface EscalationPacket {
  version: 1;
  task: { id: string; goal: string; intent: string | null; allowedFiles: string[]; validators: string[] };
  reason: string;
  routeHistory: PacketRouteStep[];
  attempts: {
    attempt: number;
    role: string;
    model: string | null;
    outcome: AttemptOutcome;
    patch: string | null;
    patchTruncated: boolean;
    reason: string | null;
    failures: { validator: string; category: string; line: string }[];
    verdict: string | null;
    verdictReasons: string[];
    costUsd: number | null;
  }[];
  /** Failures present in every attempt that reached the validators: the likeliest root. */
  persistentFailures: string[];
  costs: { estimatedUsd: number; actualUsd: number; inputTokens: number | null; outputTokens: number | null };
  question: string;
}

/** Keeps the packet readable and inside a reviewer's context; the full patch is in attempts/<n>/. */
export const PACKET_PATCH_CHARS = 12_000;
export const PACKET_FAILURES_PER_ATTEMPT = 30;

function persistentFailures(attempts: readonly PacketAttemptInput[]): string[] {
  const validated = attempts.filter((a) => a.outcome === "validators_failed");
  const first = validated[0];
  if (first === undefined) return [];
  const everywhere = (first.failures ?? []).filter((f) =>
    validated.every((a) => (a.failures ?? []).some((g) => g.signatureHash === f.signatureHash)),
  );
  return everywhere.map((f) => f.raw).slice(0, 10);
}

function buildQuestion(input: EscalationPacketInput, persistent: string[]): string {
  const { task, attempts } = input;
  const roles = [...new Set(attempts.map((a) => a.role))].join(", ");
  const last = attempts.at(-1);
  const lines = [
    `Task ${task.id}: ${task.goal.trim().split("\n")[0]}`,
    `${attempts.length} attempt(s) by ${roles || "no role"} did not pass ${task.validators.join(", ") || "the validators"}; escalated because: ${input.reason}.`,
  ];
  if (last?.verdict)
    lines.push(`Last verdict: ${last.verdict.verdict} (${last.verdict.reasons.join("; ")}).`);
  if (persistent.length > 0) lines.push(`Failing after every attempt: ${persistent.slice(0, 3).join(" | ")}`);
  const unusable = attempts.filter((a) => a.outcome !== "validators_failed" && a.reason !== undefined);
  if (unusable.length > 0)
    lines.push(`Unusable answers: ${unusable.map((a) => `#${a.attempt} ${a.reason}`).join(" | ")}`);
  const ask =
    last?.verdict?.verdict === "diverging"
      ? "Why did the attempts make things worse, what is the actual root cause, and what is the smallest plan"
      : persistent.length > 0
        ? "Why do these failures persist, what is the root cause, and what is the smallest plan"
        : "What is the root cause, and what is the smallest plan";
  lines.push(`${ask} that changes only ${task.allowedFiles.join(", ")} and makes the validators pass?`);
  return lines.join("\n");
}

export function buildEscalationPacket(input: EscalationPacketInput): EscalationPacket {
  const persistent = persistentFailures(input.attempts);
  return {
    version: 1,
    task: {
      id: input.task.id,
      goal: input.task.goal,
      intent: input.task.intent ?? null,
      allowedFiles: [...input.task.allowedFiles],
      validators: [...input.task.validators],
    },
    reason: input.reason,
    routeHistory: input.routeHistory.map((s) => ({
      role: s.role,
      ...(s.model ? { model: s.model } : {}),
      reasons: [...s.reasons],
    })),
    attempts: input.attempts.map((a) => ({
      attempt: a.attempt,
      role: a.role,
      model: a.model ?? null,
      outcome: a.outcome,
      patch: a.patch === undefined ? null : a.patch.slice(0, PACKET_PATCH_CHARS),
      patchTruncated: (a.patch?.length ?? 0) > PACKET_PATCH_CHARS,
      reason: a.reason ?? null,
      failures: (a.failures ?? [])
        .slice(0, PACKET_FAILURES_PER_ATTEMPT)
        .map((f) => ({ validator: f.validator, category: f.category, line: f.raw })),
      verdict: a.verdict?.verdict ?? null,
      verdictReasons: a.verdict ? [...a.verdict.reasons] : [],
      costUsd: a.costUsd ?? null,
    })),
    persistentFailures: persistent,
    costs: {
      estimatedUsd: input.costs.estimatedUsd,
      actualUsd: input.costs.actualUsd,
      inputTokens: input.costs.inputTokens ?? null,
      outputTokens: input.costs.outputTokens ?? null,
    },
    question: buildQuestion(input, persistent),
  };
}
