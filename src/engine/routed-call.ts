import { providerNameFor, providerSpecFor } from "../config/provider-specs.js";
import type { OutputKind } from "../config/schema.js";
import { outputCapFor } from "../routing/output-cap.js";
import type { RouteChoice } from "../routing/route.js";
import { type GuardedCallResult, guardedCall } from "./guarded-call.js";
import type { EnginePorts } from "./ports.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";
import { overrunBlocked } from "./settle-call.js";

/** Base of the orchestrator's backoff between retries of one call. */
const RETRY_BASE_DELAY_MS = 500;

/**
 * A guarded call for a routed role: the request and the guard's options are built the same
 * way for builder attempts, reviews, answers and the classifier.
 */
export async function callRoute(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  route: RouteChoice,
  call: {
    wantedOutput: OutputKind;
    instructions: string;
    input: string;
    contextChars: number;
    attempt: number;
  },
): Promise<GuardedCallResult> {
  // After an overrun the run may still use the answer it paid for, but it makes no further call.
  if (record.overrun) throw overrunBlocked(record.overrun);
  const { task, config } = input;
  // Timeouts and retry bounds are the endpoint's: the role's provider, not always OpenAI's.
  const endpoint =
    providerSpecFor(config, providerNameFor(config, route.role, input.providerOverride)) ??
    providerSpecFor(config, "fake");
  const timeoutMsFor = (tier: string) =>
    ((tier === "flex" ? endpoint?.flexTimeoutS : endpoint?.timeoutS) ?? 120) * 1000;
  const result = await guardedCall(
    ports,
    {
      role: route.role,
      model: route.model,
      instructions: call.instructions,
      input: call.input,
      wantedOutput: call.wantedOutput,
      maxOutputTokens: outputCapFor(route.role, task.limits.maxOutputTokensPerCall, config),
      reasoningEffort: route.reasoningEffort,
      serviceTier: route.serviceTier,
      timeoutMs: timeoutMsFor(route.serviceTier),
      signal: input.signal,
      taskId: task.id,
      attempt: call.attempt,
    },
    {
      runId: input.runId,
      taskBudgetUsd: task.budget.maxUsd,
      fallbackTier: route.fallbackTier ?? route.serviceTier,
      maxRetries: endpoint?.maxRetries ?? 2,
      baseDelayMs: RETRY_BASE_DELAY_MS,
      startedAtMs: record.startedAt,
      contextChars: call.contextChars,
      timeoutMsFor,
    },
  );
  if (result.overrun) record.overrun ??= result.overrun;
  return result;
}
