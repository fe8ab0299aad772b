import { placeholder, type SecretSpan } from "./types.js";

const PLACEHOLDER = /\[REDACTED [^\]\n]{1,80}\]/g;
/** A value already masked (`postgres://leash:***@…`, as Leash itself prints URLs) hides nothing. */
const MASKED = /^[*•]+$/;

/** Where `values` occur in `text`, as spans. */
export function exactSpans(
  text: string,
  values: readonly { value: string; kind: string; source: string }[],
): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (const { value, kind, source } of values) {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) {
      spans.push({ start: at, end: at + value.length, kind, rule: `exact/${source}` });
    }
  }
  return spans;
}

/**
 * Overlapping spans merge into one placeholder (the kind of the one that starts first, the
 * longest on a tie); spans touching a placeholder already in the text are dropped, so redacting
 * twice changes nothing.
 */
export function applySpans(text: string, spans: SecretSpan[]): { text: string; applied: SecretSpan[] } {
  if (spans.length === 0) return { text, applied: [] };
  const existing = [...text.matchAll(PLACEHOLDER)].map((m) => [m.index, m.index + m[0].length] as const);
  const fresh = spans.filter(
    (s) => !existing.some(([a, b]) => s.start < b && s.end > a) && !MASKED.test(text.slice(s.start, s.end)),
  );
  fresh.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: SecretSpan[] = [];
  for (const span of fresh) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  let out = "";
  let at = 0;
  for (const span of merged) {
    out += text.slice(at, span.start) + placeholder(span.kind);
    at = span.end;
  }
  return { text: out + text.slice(at), applied: merged };
}
