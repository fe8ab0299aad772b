/**
 * Secrets that must never reach a model, even when a validator prints them. Each pattern keeps
 * a recognisable prefix so the reader still sees what kind of value was there.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g, "[REDACTED $1]"],
  [/\bsk-[A-Za-z0-9_-]{16,}/g, "sk-[REDACTED]"],
  [/\b(gh[pousr]_)[A-Za-z0-9]{20,}/g, "$1[REDACTED]"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, "xox-[REDACTED]"],
  [/\bAKIA[0-9A-Z]{16}\b/g, "AKIA[REDACTED]"],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 [REDACTED]"],
  [
    /\b([A-Za-z0-9_]*(?:_KEY|_TOKEN|_SECRET|_PASSWORD|PASSWD|_API_KEY))(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi,
    "$1$2[REDACTED]",
  ],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
