import type { ProviderRequest } from "../providers/contract.js";
import { createSecretScanner, type SecretScanner } from "../secrets/index.js";
import type { EnginePorts } from "./ports.js";

let rulesetOnly: SecretScanner | undefined;

/** The run's scanner; without one (engine tests), the ruleset alone: scanning is never skipped. */
export function scannerOf(ports: Pick<EnginePorts, "secrets">): SecretScanner {
  rulesetOnly ??= createSecretScanner({ exact: [] });
  return ports.secrets ?? rulesetOnly;
}

/**
 * The choke point: everything bound for a provider (files, validator output, earlier patches,
 * diagnoses, the goal) is in `instructions` and `input`, and every wire is reached through
 * `provider.call` with this request, so scanning here covers every call and every wire.
 */
export async function scanRequest(
  ports: Pick<EnginePorts, "secrets" | "recorder">,
  request: ProviderRequest,
): Promise<ProviderRequest> {
  const scanner = scannerOf(ports);
  const where = `request ${request.role} attempt ${request.attempt}`;
  const instructions = await scanner.scan(request.instructions, where);
  const input = await scanner.scan(request.input, where);
  const count = instructions.count + input.count;
  if (count === 0) return request;
  const byKind: Record<string, number> = { ...instructions.byKind };
  for (const [kind, n] of Object.entries(input.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  ports.recorder.emit("secrets", "redacted", { where: "request", attempt: request.attempt, count, byKind });
  return { ...request, instructions: instructions.text, input: input.text };
}
