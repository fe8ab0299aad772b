/** One stretch of text to replace: `[start, end)` in the scanned text and what kind of secret it is. */
export interface SecretSpan {
  start: number;
  end: number;
  /** Human kind for the placeholder, e.g. `npm token`; never the value. */
  kind: string;
  /** The rule that found it: `leash/<id>`, a secretlint rule id, or `exact/<source>`. */
  rule: string;
}

export interface ScanResult {
  text: string;
  /** Placeholders written, by kind. Empty when nothing was found. */
  byKind: Record<string, number>;
  /** The first rule that matched, for refusals that must name one. */
  firstRule?: string;
  count: number;
}

/**
 * The one place text is cleaned before it leaves for a provider or lands in an artifact.
 * `scan` runs the whole ruleset (async: secretlint is); `redactKnown` is the synchronous pass
 * for sinks that cannot wait (event lines, artifacts), using Leash's own rules, the exact values
 * and every value an earlier `scan` found.
 */
export interface SecretScanner {
  scan(text: string, where: string): Promise<ScanResult>;
  /** `scan` of each text, in one pass of the ruleset where the texts allow it: the same results. */
  scanMany(texts: readonly string[], where: string): Promise<ScanResult[]>;
  redactKnown(text: string): string;
  /** Totals since the scanner was made, for the report. */
  summary(): { redacted: number; byKind: Record<string, number> };
}

export const placeholder = (kind: string): string => `[REDACTED ${kind}]`;
