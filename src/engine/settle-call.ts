import { formatUsd, toMicros } from "../budget/money.js";
import type { ServiceTier } from "../config/schema.js";
import { formatInt } from "../contract/format-int.js";
import { BlockedError } from "../errors.js";
import type { ProviderError, ProviderRequest, ProviderResponse, TokenUsage } from "../providers/contract.js";
import type { CallRecord } from "../report/report-types.js";
import type { EnginePorts, TokenPriceUsd } from "./ports.js";

/**
 * Closing a reservation after the call (docs/budget.md): reported usage settles at its actual
 * cost; no usage settles at the reservation when the provider may have billed (a timeout or an
 * abort: assume billed) and is released when it cannot have (refused before any work).
 */

/** A call whose actual cost passed its reservation: the estimator under-counted. */
export interface Overrun {
  role: string;
  model: string;
  attempt: number;
  projectedUsd: number;
  actualUsd: number;
  estimatedInputTokens: number;
  usage: TokenUsage;
  maxOutputTokens: number;
}

/** Failures that may have been billed although no usage came back. */
const MAYBE_BILLED = new Set(["timeout", "aborted"]);

export async function settleAnswered(
  ports: EnginePorts,
  reservation: string,
  request: ProviderRequest,
  response: ProviderResponse,
  price: TokenPriceUsd,
  record: CallRecord,
): Promise<Overrun | undefined> {
  record.actualTier = response.serviceTier;
  record.usage = response.usage;
  if (!response.usageReported) {
    record.actualUsd = record.projectedUsd;
    await ports.budget.settleAtProjected(reservation, "provider did not report usage");
    return undefined;
  }
  const actualPrice = ports.budget.price(request.model, response.serviceTier) ?? price;
  return settleUsage(
    ports,
    reservation,
    request,
    response.usage,
    response.model,
    response.serviceTier,
    actualPrice,
    record,
  );
}

export async function settleFailed(
  ports: EnginePorts,
  reservation: string,
  error: ProviderError,
  request: ProviderRequest,
  price: TokenPriceUsd,
  record: CallRecord,
): Promise<Overrun | undefined> {
  const usage = error.extra.usage;
  if (usage) {
    const tier = error.extra.serviceTier ?? request.serviceTier;
    const actualPrice = ports.budget.price(request.model, tier) ?? price;
    record.actualTier = tier;
    record.usage = usage;
    return settleUsage(ports, reservation, request, usage, request.model, tier, actualPrice, record);
  }
  if (MAYBE_BILLED.has(error.kind)) {
    record.actualUsd = record.projectedUsd;
    await ports.budget.settleAtProjected(reservation, `${error.kind} with no usage reported: assumed billed`);
    return undefined;
  }
  await ports.budget.release(reservation, record.error ?? error.message);
  return undefined;
}

async function settleUsage(
  ports: EnginePorts,
  reservation: string,
  request: ProviderRequest,
  usage: TokenUsage,
  actualModel: string,
  tier: ServiceTier,
  price: TokenPriceUsd,
  record: CallRecord,
): Promise<Overrun | undefined> {
  record.actualUsd = ports.budget.actualUsd(usage, price);
  const { overrunUsd } = await ports.budget.settle(reservation, usage, actualModel, tier, record.actualUsd);
  if (overrunUsd <= 0) return undefined;
  record.overrunUsd = overrunUsd;
  return {
    role: request.role,
    model: request.model,
    attempt: request.attempt,
    projectedUsd: record.projectedUsd,
    actualUsd: record.actualUsd,
    estimatedInputTokens: record.estimatedInputTokens,
    usage,
    maxOutputTokens: request.maxOutputTokens,
  };
}

/** The stop after an overrun (exit 3), naming the estimator's error. */
export function overrunBlocked(o: Overrun): BlockedError {
  const usd = (n: number) => formatUsd(toMicros(n));
  // The same measure as `leash ledger`: (estimated − actual) / actual, negative when under-counted.
  const errorPct =
    o.usage.input > 0
      ? `${(((o.estimatedInputTokens - o.usage.input) / o.usage.input) * 100).toFixed(1)}%`
      : "n/a";
  const n = formatInt;
  return new BlockedError(
    "budget.overrun",
    `blocked: a call overran its reservation: actual ${usd(o.actualUsd)} > reserved ${usd(o.projectedUsd)} ` +
      `(${o.role}, ${o.model}, attempt ${o.attempt}): the provider reported ${n(o.usage.input)} input tokens ` +
      `against an estimate of ${n(o.estimatedInputTokens)} (estimator error ${errorPct}) and ${n(o.usage.output)} ` +
      `output tokens of a ${n(o.maxOutputTokens)} cap; the overrun is charged to every budget and no further call is made`,
    {
      location: { field: "budget.input_margin" },
      hint: `raise budget.input_margin in leash.yaml, or check pricing.models.${o.model}.encoding; \`leash ledger\` shows the estimator's error by model`,
      details: { ...o },
    },
  );
}
