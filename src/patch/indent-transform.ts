/**
 * How the model's indentation maps onto the file's, derived from the lines both sides share (the
 * hunk's context and removed lines against the file lines they matched). Only three shapes are
 * accepted, each one a single rule that also tells how to indent the added lines: the same
 * indentation, a fixed prefix added or removed on every line, or a whitespace kind converted
 * (tabs ↔ spaces, 2 ↔ 4 spaces) at the same depth. Anything less uniform has
 * no single reading, and the hunk does not match.
 */

export interface IndentTransform {
  /** `surrounding_ws` converts the whitespace kind only; `offset` also shifts the depth. */
  kind: "same" | "convert" | "offset";
  apply(indent: string): string | null;
}

export const leadingWs = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? "";

const SAME: IndentTransform = { kind: "same", apply: (x) => x };

type Pair = { model: string; file: string };

function prefixRule(pairs: Pair[]): IndentTransform | null {
  const first = pairs[0] as Pair;
  if (first.file.length >= first.model.length) {
    const p = first.file.slice(0, first.file.length - first.model.length);
    if (pairs.every(({ model, file }) => file === p + model)) return { kind: "offset", apply: (x) => p + x };
  }
  if (first.model.length >= first.file.length) {
    const p = first.model.slice(0, first.model.length - first.file.length);
    if (pairs.every(({ model, file }) => model === p + file))
      return { kind: "offset", apply: (x) => (x.startsWith(p) ? x.slice(p.length) : null) };
  }
  return null;
}

type Style = { char: " " | "\t"; unit: number };

const isPure = (s: string, c: string) => [...s].every((x) => x === c);

function convertRule(pairs: Pair[], model: Style, file: Style): IndentTransform | null {
  let offset: number | null = null;
  for (const p of pairs) {
    if (!isPure(p.model, model.char) || !isPure(p.file, file.char)) return null;
    if (p.model.length % model.unit !== 0 || p.file.length % file.unit !== 0) return null;
    const d = p.file.length / file.unit - p.model.length / model.unit;
    // A depth shift on top of a kind change leans on both detected units; one wrong unit would
    // shift every added line, so only the plain conversion is accepted.
    if (d !== 0) return null;
    offset = d;
  }
  const shift = offset ?? 0;
  return {
    kind: "convert",
    apply(x) {
      if (!isPure(x, model.char) || x.length % model.unit !== 0) return null;
      const levels = x.length / model.unit + shift;
      return levels < 0 ? null : file.char.repeat(levels * file.unit);
    },
  };
}

/**
 * `pairs` are the shared non-blank lines' indentation; `modelStyle` and `fileStyle` come from
 * every line of the hunk and of the file, so a unit is never guessed from two lines.
 */
export function deriveIndent(
  pairs: Pair[],
  modelStyle: Style | null,
  fileStyle: Style | null,
): IndentTransform | null {
  if (pairs.every((p) => p.model === p.file)) return SAME;
  const prefix = prefixRule(pairs);
  if (prefix) return prefix;
  if (!modelStyle || !fileStyle) return null;
  return convertRule(pairs, modelStyle, fileStyle);
}

/**
 * The indentation style of a set of lines: one whitespace kind and its unit (the most common
 * step between neighbouring lines, as editors detect it, so a ` * ` comment line does not make
 * the unit 1), or null when tabs and spaces are mixed.
 */
export function indentStyle(lines: string[]): Style | null {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let prev = 0;
  for (const line of lines) {
    if (line.trim() === "") continue;
    const ws = leadingWs(line);
    if (isPure(ws, " ") && ws !== "") spaces++;
    else if (isPure(ws, "\t") && ws !== "") tabs++;
    else if (ws !== "") return null;
    const step = Math.abs(ws.length - prev);
    if (step > 0 && !ws.includes("\t")) steps.set(step, (steps.get(step) ?? 0) + 1);
    prev = ws.includes("\t") ? prev : ws.length;
  }
  if (tabs > 0 && spaces > 0) {
    // A few space-aligned continuation lines in a tab file do not make it a space file.
    if (tabs >= 4 * spaces) return { char: "\t", unit: 1 };
    if (spaces < 4 * tabs) return null;
  }
  if (tabs > 0 && spaces === 0) return { char: "\t", unit: 1 };
  if (spaces === 0) return null;
  let unit = 0;
  let best = 0;
  for (const [step, n] of [...steps].sort((a, b) => a[0] - b[0])) {
    if (n > best && step <= 8) {
      unit = step;
      best = n;
    }
  }
  return unit > 0 ? { char: " ", unit } : null;
}
