/**
 * Typographic characters models substitute for ASCII ones (or copy from rendered docs): curly
 * quotes, dashes and the Unicode spaces. Folding is for comparing only; what is written is either
 * the file's own text or an added line with exactly the substitutions the context proved.
 */
const FOLD: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u201f": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u00a0": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u200a": " ",
  "\u202f": " ",
  "\u3000": " ",
  "\u2026": "...",
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLD).join("")}]`, "g");

export const foldPunctuation = (text: string): string => text.replace(FOLDABLE, (c) => FOLD[c] ?? c);

/**
 * The typographic characters the model used where the file has their ASCII form; the same
 * characters in its added lines are folded back, and nothing else is touched.
 */
export function provenSubstitutions(pairs: { model: string; file: string }[]): Set<string> {
  const out = new Set<string>();
  for (const { model, file } of pairs) {
    for (const c of model.match(FOLDABLE) ?? []) if (!file.includes(c)) out.add(c);
  }
  return out;
}

export function foldOnly(text: string, chars: Set<string>): string {
  if (chars.size === 0) return text;
  return [...text].map((c) => (chars.has(c) ? (FOLD[c] ?? c) : c)).join("");
}
