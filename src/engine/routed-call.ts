import { providerNameFor, providerSpecFor } from "../config/provider-specs.js";
import type { OutputKind } from "../config/schema.js";
import type { ProviderRequest } from "../providers/contract.js";
import { outputCapFor } from "../routing/output-cap.js";
import type { RouteChoice } from "../routing/route.js";
import { type GuardedCallOptions, type GuardedCallResult, guardedCall } from "./guarded-call.js";
import type { EnginePorts } from "./ports.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";
import { overrunBlocked } from "./settle-call.js";

/** Base of the orchestrator's backoff between retries of one call. */
const RETRY_BASE_DELAY_MS = 500;

export interface RoutedCallText {
  wantedOutput: OutputKind;
  instructions: string;
  input: string;
  contextChars: number;
  attempt: number;
  /** Told the request as sent, after the secret scan: what `attempts/<n>/prompt.txt` holds. */
  onScanned?: (request: ProviderRequest) => void;
}

/**
 * The request and the guard's options for a routed role, built one way for builder attempts,
 * reviews, answers, the classifier and `leash plan`'s projection.
 */
export function routedRequest(
  input: Pick<RunInput, "task" | "config" | "runId" | "signal" | "providerOverride">,
  route: RouteChoice,
  call: RoutedCallText,
  startedAtMs: number,
): { request: ProviderRequest; options: GuardedCallOptions } {
  const { task, config } = input;
  // Timeouts and retry bounds are the endpoint's: the role's provider, not always OpenAI's.
  const endpoint =
    providerSpecFor(config, providerNameFor(config, route.role, input.providerOverride)) ??
    providerSpecFor(config, "fake");
  const timeoutMsFor = (tier: string) =>
    ((tier === "flex" ? endpoint?.flexTimeoutS : endpoint?.timeoutS) ?? 120) * 1000;
  return {
    request: {
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
    options: {
      runId: input.runId,
      taskBudgetUsd: task.budget.maxUsd,
      fallbackTier: route.fallbackTier ?? route.serviceTier,
      maxRetries: endpoint?.maxRetries ?? 2,
      baseDelayMs: RETRY_BASE_DELAY_MS,
      startedAtMs,
      contextChars: call.contextChars,
      timeoutMsFor,
      onScanned: call.onScanned,
    },
  };
}

export async function callRoute(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  route: RouteChoice,
  call: RoutedCallText,
): Promise<GuardedCallResult> {
  // After an overrun the run may still use the answer it paid for, but it makes no further call.
  if (record.overrun) throw overrunBlocked(record.overrun);
  const { request, options } = routedRequest(input, route, call, record.startedAt);
  const result = await guardedCall(ports, request, options);
  if (result.overrun) record.overrun ??= result.overrun;
  return result;
}
