import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../contract.js";
import { ProviderError } from "../contract.js";
import { scrubSecrets } from "../scrub-secrets.js";
import { type CassetteEntry, recordedError, recordedRequest } from "./cassette-entry.js";
import { requestDigest } from "./request-digest.js";

/**
 * Wraps a provider and appends one JSONL line per call (`leash run --record FILE`). Lines are
 * written synchronously so a crash keeps every call made so far; `secrets` (the API key) and
 * anything shaped like a key are scrubbed from the line before it reaches the disk.
 */
export function createRecordingProvider(
  inner: RoleProvider,
  file: string,
  options: { secrets?: readonly string[] } = {},
): RoleProvider {
  mkdirSync(dirname(file), { recursive: true });
  const secrets = options.secrets ?? [];

  function write(entry: CassetteEntry): void {
    appendFileSync(file, `${scrubSecrets(JSON.stringify(entry), secrets)}\n`, "utf8");
  }

  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    const base = {
      v: 1 as const,
      digest: requestDigest(request),
      provider: inner.name,
      request: recordedRequest(request),
    };
    try {
      const response = await inner.call(request);
      write({ ...base, response });
      return response;
    } catch (err) {
      if (err instanceof ProviderError) write({ ...base, error: recordedError(err) });
      throw err;
    }
  }

  return inner.simulated ? { name: inner.name, simulated: true, call } : { name: inner.name, call };
}
