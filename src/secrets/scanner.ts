import type { ExactSecret } from "./exact-values.js";
import { leashRuleSpans } from "./leash-rules.js";
import { rulesetSpans } from "./ruleset.js";
import { applySpans, exactSpans } from "./spans.js";
import type { ScanResult, SecretScanner, SecretSpan } from "./types.js";

/** Values found by the ruleset are remembered for the synchronous pass; a bound keeps memory flat. */
const MAX_REMEMBERED = 2000;
const MIN_REMEMBERED = 8;

export interface ScannerOptions {
  exact: readonly ExactSecret[];
  /** Told of every scan that replaced something: for the event log. Never sees the values. */
  onRedacted?(where: string, byKind: Record<string, number>, count: number): void;
}

export function createSecretScanner(options: ScannerOptions): SecretScanner {
  const remembered = new Map<string, { value: string; kind: string; source: string }>();
  const totals: Record<string, number> = {};
  let redacted = 0;

  const known = () => [...options.exact, ...remembered.values()];

  const remember = (text: string, applied: SecretSpan[]) => {
    for (const span of applied) {
      const value = text.slice(span.start, span.end);
      if (value.length < MIN_REMEMBERED || remembered.size >= MAX_REMEMBERED) continue;
      if (!remembered.has(value)) remembered.set(value, { value, kind: span.kind, source: span.rule });
    }
  };

  const finish = (text: string, spans: SecretSpan[], where: string): ScanResult => {
    const { text: clean, applied } = applySpans(text, spans);
    remember(text, applied);
    const byKind: Record<string, number> = {};
    for (const span of applied) byKind[span.kind] = (byKind[span.kind] ?? 0) + 1;
    if (applied.length > 0) {
      redacted += applied.length;
      for (const [kind, n] of Object.entries(byKind)) totals[kind] = (totals[kind] ?? 0) + n;
      options.onRedacted?.(where, byKind, applied.length);
    }
    return { text: clean, byKind, count: applied.length, firstRule: applied[0]?.rule };
  };

  return {
    async scan(text, where) {
      // Nothing shorter can hold a value worth finding (exact values are at least 4 chars).
      if (text.length < 4) return { text, byKind: {}, count: 0 };
      const spans = [...exactSpans(text, known()), ...leashRuleSpans(text), ...(await rulesetSpans(text))];
      return finish(text, spans, where);
    },
    redactKnown(text) {
      if (text.length === 0) return text;
      return applySpans(text, [...exactSpans(text, known()), ...leashRuleSpans(text)]).text;
    },
    summary: () => ({ redacted, byKind: { ...totals } }),
  };
}
