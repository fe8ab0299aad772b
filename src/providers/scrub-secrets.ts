/** Shapes of OpenAI-style keys, scrubbed even when the exact key is not known to the caller. */
const KEY_SHAPE = /\bsk-[A-Za-z0-9_-]{8,}/g;

export const REDACTED = "[redacted]";

/** Removes every known secret (and anything shaped like an API key) from text Leash keeps or prints. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out.replace(KEY_SHAPE, REDACTED);
}
