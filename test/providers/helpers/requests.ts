import type { ProviderRequest } from "../../../src/providers/contract.js";

/** A builder's request with every field set; tests override what they exercise. */
export function providerRequest(overrides: Partial<ProviderRequest> = {}): ProviderRequest {
  return {
    role: "simple_builder",
    model: "gpt-5-mini",
    instructions: "Answer with the output contract.",
    input: "Goal: make parseDuration handle minutes.\n1: export const x = 1;\n",
    wantedOutput: "patch",
    maxOutputTokens: 3000,
    reasoningEffort: "medium",
    serviceTier: "default",
    timeoutMs: 5000,
    taskId: "fix-duration",
    attempt: 1,
    ...overrides,
  };
}

export const DIFF =
  "--- a/src/x.ts\n+++ b/src/x.ts\n@@ -1,1 +1,1 @@\n-export const x = 1;\n+export const x = 2;\n";

/** Counts whitespace-separated words: a stand-in tokenizer that is easy to reason about. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/).length;
}
