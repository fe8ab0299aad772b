import { applySpans } from "./spans.js";
import type { SecretSpan } from "./types.js";

/**
 * Formats the secretlint preset does not know (or knows only inside a named file such as
 * `.npmrc` or `config.json`, while Leash sees printed output). Matching is on the printed shape
 * alone, erring towards redaction: a false positive costs the model one value, a miss leaks it.
 * A rule with a named group `s` (or `s2`, `s3`) replaces only that group, so `password=` stays
 * readable.
 */
interface LeashRule {
  id: string;
  kind: string;
  pattern: RegExp;
  /** Text without this (lower-cased) substring cannot match: the rule is skipped, cheaply. */
  hint?: string;
  /** A match whose value this rejects is not a secret (source code naming one, not holding one). */
  accept?: (value: string, quoted: boolean) => boolean;
}

/** Type names a declaration gives a field called `password` or `token`. */
const TYPE_WORDS = new Set([
  "string",
  "number",
  "boolean",
  "unknown",
  "undefined",
  "null",
  "none",
  "nullable",
  "optional",
  "required",
  "secretstr",
  "bytes",
]);

/**
 * `password = getPassword(user)`, `token: string;`, `api_key: process.env.API_KEY`,
 * `SECRET=${SECRET}`: source code and templates name a secret without holding one, and refusing
 * every file that does (or hiding the code from the model) would make auth code unworkable. A
 * literal stays a secret: anything quoted, and any bare value that is not an identifier, a member
 * chain, a call or a placeholder. An identifier is letters with few capitals (`getPassword`); a
 * random token of letters alone has about as many capitals as small letters.
 */
export function looksLikeLiteral(value: string, quoted: boolean): boolean {
  if (/^\$\{|^\{\{|^<[^>]*>?$|^\*+$|^%\(?[A-Za-z_]/.test(value)) return false;
  if (quoted) return true;
  if (/[([]/.test(value) || /^\$[A-Za-z_{]/.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  if (TYPE_WORDS.has(value.toLowerCase())) return false;
  if (/^[A-Za-z]+$/.test(value)) {
    const capitals = value.replace(/[^A-Z]/g, "").length;
    if (/[a-z]/.test(value) && capitals > 0 && capitals <= Math.max(1, value.length / 4)) return false;
  }
  return true;
}

/**
 * `postgres://USER:PASSWORD@HOST`, `https://user:${TOKEN}@…`, `redis://:<password>@…`: docs,
 * hints and templates show where a password goes. Only a value that is the placeholder word
 * itself (or a template) is let through; any other value, however simple, is treated as real.
 */
export function isUrlPasswordLiteral(value: string): boolean {
  if (/^\$\{|^\{\{|^<[^>]*>?$|^\*+$|^%\(?[A-Za-z_]|^\$[A-Za-z_]|^x{3,}$/i.test(value)) return false;
  return !/^(?:[a-z]+_)?(?:password|passwd|pass|pwd|secret|token)$/i.test(value);
}

// A quoted value may hold spaces; a bare one ends at the first space or delimiter.
const VALUE = String.raw`(?:"(?<s>[^"\n]{1,200})"|'(?<s2>[^'\n]{1,200})'|(?<s3>[^\s"',;)}\]]{6,}))`;

export const LEASH_RULES: readonly LeashRule[] = [
  {
    id: "private-key",
    hint: "private key",
    kind: "private key",
    // Also a block cut off by the output cap, and one inside JSON with literal \n escapes.
    pattern:
      /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:\\n|\s|[A-Za-z0-9+/=:,-])*)/g,
  },
  {
    id: "github-token",
    hint: "gh",
    kind: "GitHub token",
    pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}/g,
  },
  {
    id: "github-fine-grained",
    hint: "github_pat_",
    kind: "GitHub token",
    pattern: /\bgithub_pat_[A-Za-z0-9_]{40,}/g,
  },
  {
    id: "gitlab-token",
    hint: "gl",
    kind: "GitLab token",
    pattern: /\bgl(?:pat|dt|rt|ptt|cbt|imt|oas|soat|ffct|ft)-[A-Za-z0-9_-]{20,}/g,
  },
  { id: "npm-token", hint: "npm_", kind: "npm token", pattern: /\bnpm_[A-Za-z0-9]{36,}/g },
  {
    id: "npmrc-credential",
    hint: "_auth",
    kind: "npm token",
    pattern: /(?:_authToken|_auth|_password)\s*=\s*["']?(?<s>[^\s"']{6,})/g,
  },
  { id: "pypi-token", hint: "pypi-", kind: "PyPI token", pattern: /\bpypi-[A-Za-z0-9_-]{40,}/g },
  {
    id: "aws-access-key",
    kind: "AWS access key",
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g,
  },
  {
    id: "aws-secret-key",
    hint: "aws",
    kind: "AWS secret key",
    pattern: /aws.{0,24}?(?:secret|key).{0,24}?[=:]\s*["']?(?<s>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  },
  {
    id: "stripe-key",
    hint: "_live_",
    kind: "Stripe key",
    pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}/g,
  },
  { id: "twilio-api-key", kind: "Twilio key", pattern: /\bSK[0-9a-fA-F]{32}\b/g },
  {
    id: "twilio-auth-token",
    hint: "twilio",
    kind: "Twilio key",
    pattern: /twilio.{0,24}?(?:token|secret).{0,8}?[=:]\s*["']?(?<s>[0-9a-fA-F]{32})\b/gi,
  },
  {
    id: "sendgrid-key",
    hint: "sg.",
    kind: "SendGrid key",
    pattern: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{30,}/g,
  },
  { id: "slack-token", hint: "xox", kind: "Slack token", pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  {
    id: "slack-webhook",
    hint: "hooks.slack.com",
    kind: "Slack webhook",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/g,
  },
  {
    id: "jwt",
    hint: "eyj",
    kind: "JWT",
    pattern: /\beyJ[A-Za-z0-9_-]{6,}\.eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g,
  },
  {
    id: "api-key",
    hint: "sk-",
    kind: "API key",
    pattern: /\bsk-(?:proj-|ant-(?:api\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
  },
  {
    id: "azure-key",
    hint: "=",
    kind: "Azure key",
    pattern: /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=(?<s>[A-Za-z0-9+/%=_-]{16,})/g,
  },
  {
    id: "connection-string-password",
    hint: "=",
    kind: "connection-string password",
    // After a `;`, as in `Server=…;User Id=…;Password=…`: a bare `PWD=` is the shell's directory.
    pattern: /;\s*(?:Password|Pwd)\s*=\s*(?<s>[^;'"\s]{4,})/gi,
  },
  {
    id: "url-password",
    hint: "://",
    kind: "URL password",
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:(?<s>[^\s@/]{3,})@/gi,
    accept: isUrlPasswordLiteral,
  },
  {
    id: "netrc-password",
    hint: "password",
    kind: ".netrc password",
    pattern: /\bmachine\s+\S+(?:\s+login\s+\S+)?\s+password\s+(?<s>\S{4,})/g,
  },
  {
    id: "netrc-password-line",
    hint: "password",
    kind: ".netrc password",
    pattern: /^[ \t]*password[ \t]+(?<s>\S{4,})/gm,
  },
  {
    id: "pgpass-password",
    kind: ".pgpass password",
    pattern: /^[^:\s]+:(?:\d{1,5}|\*):[^:\s]+:[^:\s]+:(?<s>[^\s:]{4,})\s*$/gm,
  },
  {
    id: "docker-auth",
    hint: '"',
    kind: "Docker registry auth",
    pattern: /"(?:auth|identitytoken|registrytoken)"\s*:\s*"(?<s>[A-Za-z0-9+/=_.-]{8,})"/g,
  },
  {
    id: "gcp-key-id",
    hint: "private_key_id",
    kind: "GCP key id",
    pattern: /"private_key_id"\s*:\s*"(?<s>[0-9a-f]{20,})"/g,
  },
  {
    id: "authorization-header",
    hint: " ",
    kind: "authorization header",
    pattern: /\b(?:Bearer|Basic|token)\s+(?<s>[A-Za-z0-9._~+/-]{16,}=*)/g,
  },
  {
    id: "secret-assignment",
    kind: "secret value",
    pattern: new RegExp(
      // Not after `? "`: `missing ? "missing_key" : "wrong_type"` is a conditional, not a key.
      String.raw`(?<!\?\s*["'])\b(?:[A-Z0-9_]*_(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIALS?)|(?:[a-z0-9]+[_.-])*(?:api[_.-]?key|secret[_.-]?key|access[_.-]?key|client[_.-]?secret|auth[_.-]?token|access[_.-]?token|password|passwd|secret|token))["']?\s*[=:]\s*${VALUE}`,
      "gi",
    ),
    accept: looksLikeLiteral,
  },
];

/** Every match of Leash's rules in `text`, as spans to replace. */
export function leashRuleSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  let lower: string | undefined;
  for (const rule of LEASH_RULES) {
    if (rule.hint !== undefined) {
      lower ??= text.toLowerCase();
      if (!lower.includes(rule.hint)) continue;
    }
    const re = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace("d", "")}d`);
    for (const m of text.matchAll(re)) {
      const groups = m.indices?.groups;
      const range = groups ? (groups.s ?? groups.s2 ?? groups.s3) : m.indices?.[0];
      if (!range || range[1] <= range[0]) continue;
      const quoted = groups?.s3 === undefined;
      if (rule.accept && !rule.accept(text.slice(range[0], range[1]), quoted)) continue;
      spans.push({ start: range[0], end: range[1], kind: rule.kind, rule: `leash/${rule.id}` });
    }
  }
  return spans;
}

/** Leash's rules alone, applied: for text cleaned where the full scan cannot be awaited. */
export function redactKnownShapes(text: string): string {
  return applySpans(text, leashRuleSpans(text)).text;
}
