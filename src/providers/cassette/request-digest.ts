import { createHash } from "node:crypto";
import type { ProviderRequest } from "../contract.js";

/**
 * The cassette key: what the model was asked, not how long Leash waits or who is asking, so a
 * replay hits even when timeouts differ. Fields are listed in a fixed order to keep it canonical.
 */
export function requestDigest(request: ProviderRequest): string {
  const canonical = JSON.stringify([
    ["model", request.model],
    ["role", request.role],
    ["instructions", request.instructions],
    ["input", request.input],
    ["wantedOutput", request.wantedOutput],
    ["maxOutputTokens", request.maxOutputTokens],
    ["reasoningEffort", request.reasoningEffort],
    ["serviceTier", request.serviceTier],
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}
