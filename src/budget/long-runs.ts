/**
 * BPE's cost grows with the square of a pre-token's length, and a run of characters without
 * whitespace (or of whitespace alone) is one pre-token: with gpt-tokenizer, 64 KB of one letter
 * takes ≈ 2 s to count and 256 KB ≈ 40 s, so one generated or minified file in the context would
 * hold a run in its context stage. Runs longer than LONG_RUN characters are therefore counted in
 * CHUNK-character pieces, each exactly, plus a token for every cut and two for the run's edges: an
 * estimate that errs high (test/budget/long-runs.test.ts compares it with exact counts). Text
 * without such a run is counted exactly, as before.
 */
export const LONG_RUN = 2048;
const CHUNK = 512;
const LONG = new RegExp(`\\S{${LONG_RUN + 1},}|\\s{${LONG_RUN + 1},}`, "gu");

export function countWithLongRuns(text: string, count: (text: string) => number): number {
  if (text.length <= LONG_RUN) return count(text);
  let total = 0;
  let at = 0;
  for (const m of text.matchAll(LONG)) {
    const start = m.index as number;
    if (start > at) total += count(text.slice(at, start));
    const run = m[0];
    let cuts = 0;
    for (let i = 0; i < run.length; ) {
      let end = Math.min(i + CHUNK, run.length);
      // Never between the two halves of a surrogate pair: each half alone is not a character.
      if (end < run.length && isLowSurrogate(run.charCodeAt(end))) end += 1;
      total += count(run.slice(i, end));
      if (end < run.length) cuts += 1;
      i = end;
    }
    total += cuts + 2;
    at = start + run.length;
  }
  if (at < text.length) total += count(text.slice(at));
  return total;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
