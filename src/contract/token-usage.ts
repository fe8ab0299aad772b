/** Tokens one call used, as the provider reported them (or as estimated when it did not). */
export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
  /** Input written to the prompt cache (a subset of `input`; Anthropic bills it above input). */
  cacheWrite?: number;
}
