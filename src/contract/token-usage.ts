/** Tokens one call used, as the provider reported them (or as estimated when it did not). */
export interface TokenUsage {
  input: number;
  cachedInput: number;
  output: number;
  reasoning: number;
}
