import type { ExactSecret } from "./exact-values.js";
import { leashRuleSpans } from "./leash-rules.js";
import { rulesetSpans } from "./ruleset.js";
import { applySpans, exactSpans } from "./spans.js";
import type { ScanResult, SecretScanner, SecretSpan } from "./types.js";

/** Values found by the ruleset are remembered for the synchronous pass; a bound keeps memory flat. */
const MAX_REMEMBERED = 2000;
const MIN_REMEMBERED = 8;

const SEPARATOR = "\n\0\n";

/**
 * A found value is looked for again everywhere (it leaked once, it may be pasted elsewhere), but
 * not a plain word: a rule that took `anything` for a secret would otherwise redact the word in
 * every later text and refuse files that hold no secret at all.
 */
function worthRemembering(value: string): boolean {
  return value.length >= MIN_REMEMBERED && !/^[A-Za-z][a-z]+$/.test(value);
}

/** The index of the text that holds offset `at`, given each text's start offset (ascending). */
function indexAt(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function echoes(text: string, spans: readonly SecretSpan[]): SecretSpan[] {
  const out: SecretSpan[] = [];
  const seen = new Set<string>();
  for (const span of spans) {
    const value = text.slice(span.start, span.end);
    if (!worthRemembering(value) || value.includes("\0") || seen.has(value)) continue;
    seen.add(value);
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) {
      if (at !== span.start) out.push({ ...span, start: at, end: at + value.length });
    }
  }
  return out;
}

async function seq(
  texts: readonly string[],
  where: string,
  scan: (text: string, where: string) => Promise<ScanResult>,
): Promise<ScanResult[]> {
  const out: ScanResult[] = [];
  for (const t of texts) out.push(await scan(t, where));
  return out;
}

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
      if (!worthRemembering(value) || remembered.size >= MAX_REMEMBERED) continue;
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

  const spansOf = async (text: string) => [
    ...exactSpans(text, known()),
    ...leashRuleSpans(text),
    ...(await rulesetSpans(text)),
  ];
  const scan = async (text: string, where: string): Promise<ScanResult> => {
    // Nothing shorter can hold a value worth finding (exact values are at least 4 chars).
    if (text.length < 4) return { text, byKind: {}, count: 0 };
    return finish(text, await spansOf(text), where);
  };

  return {
    scan,
    async scanMany(texts, where) {
      // One ruleset pass costs about as much as a short text's: a report's ~60 strings are
      // scanned joined. Each rule is line-based or unanchored, so a value is found joined wherever
      // it is found alone; a span that reaches over a separator sends every text to its own scan.
      if (texts.length < 2 || texts.some((t) => t.includes("\0"))) return seq(texts, where, scan);
      const joined = texts.join(SEPARATOR);
      const found = await spansOf(joined);
      // One after another, a value found in one text would be remembered and found bare in the
      // later ones: joined, every occurrence of each found value is a span at once.
      const spans = [...found, ...echoes(joined, found)];
      const starts: number[] = [];
      let at = 0;
      for (const t of texts) {
        starts.push(at);
        at += t.length + SEPARATOR.length;
      }
      const perText: SecretSpan[][] = texts.map(() => []);
      for (const span of spans) {
        const i = indexAt(starts, span.start);
        const begin = starts[i] as number;
        const text = texts[i] as string;
        if (span.end > begin + text.length) return seq(texts, where, scan);
        perText[i]?.push({ ...span, start: span.start - begin, end: span.end - begin });
      }
      return texts.map((text, i) =>
        text.length < 4 ? { text, byKind: {}, count: 0 } : finish(text, perText[i] ?? [], where),
      );
    },
    redactKnown(text) {
      if (text.length === 0) return text;
      return applySpans(text, [...exactSpans(text, known()), ...leashRuleSpans(text)]).text;
    },
    summary: () => ({ redacted, byKind: { ...totals } }),
  };
}
