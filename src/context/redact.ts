import { redactKnownShapes } from "../secrets/index.js";

/**
 * Secrets that must never reach a model, even when a validator prints them: the synchronous
 * pass of the secret scanner (Leash's own rules). The full scan, with the maintained ruleset
 * and the exact values, runs at the engine's choke point before every request.
 */
export function redactSecrets(text: string): string {
  return redactKnownShapes(text);
}
