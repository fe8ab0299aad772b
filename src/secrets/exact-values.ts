import { isSecretName } from "../exec/env-scrub.js";

/** A value that must never leave, whatever shape it has, and the kind its placeholder names. */
export interface ExactSecret {
  value: string;
  kind: string;
  source: string;
}

/** Shorter values (`1`, `true`, a port) would redact ordinary output everywhere they occur. */
export const MIN_EXACT_LENGTH = 8;

/**
 * The two checks no ruleset can miss: every environment variable Leash scrubs from child
 * processes, and the provider keys the config names (whatever their variables are called).
 */
export function exactSecrets(env: NodeJS.ProcessEnv, apiKeyEnvNames: readonly string[]): ExactSecret[] {
  const out: ExactSecret[] = [];
  const keyNames = new Set(apiKeyEnvNames);
  for (const name of keyNames) {
    const value = env[name];
    if (value !== undefined && value.trim().length >= 4) {
      out.push({ value: value.trim(), kind: "provider API key", source: `env/${name}` });
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || keyNames.has(name) || !isSecretName(name)) continue;
    if (value.trim().length < MIN_EXACT_LENGTH) continue;
    out.push({ value: value.trim(), kind: `value of $${name}`, source: `env/${name}` });
  }
  // Longest first: a value that contains another is replaced whole.
  return out.sort((a, b) => b.value.length - a.value.length);
}
