import { escapeHtml } from "./escape.js";

/**
 * A deliberately small highlighter for the languages Leash's users patch most (JS/TS, Python,
 * shell-like configs): comments, strings, numbers and keywords. It only wraps escaped text in
 * spans, so a wrong guess costs colour, never correctness.
 */
const KEYWORDS = new Set(
  (
    "async await break case catch class const continue def default del elif else enum except export " +
    "extends false finally for from function if import in instanceof interface is lambda let new " +
    "None not null or pass raise return self static super switch this throw true True False try type " +
    "typeof undefined var void while with yield"
  ).split(" "),
);

const TOKEN =
  /(\/\/.*$|#.*$|\/\*.*?\*\/)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)|(\b\d[\d_.]*\b)|([A-Za-z_$][\w$]*)/g;

export function highlightCode(line: string): string {
  let out = "";
  let last = 0;
  for (const match of line.matchAll(TOKEN)) {
    const index = match.index ?? 0;
    out += escapeHtml(line.slice(last, index));
    const [text, comment, string, number, word] = match;
    if (comment) out += span("c", comment);
    else if (string) out += span("s", string);
    else if (number) out += span("n", number);
    else if (word && KEYWORDS.has(word)) out += span("k", word);
    else out += escapeHtml(text);
    last = index + text.length;
  }
  return out + escapeHtml(line.slice(last));
}

function span(kind: string, text: string): string {
  return `<span class="${kind}">${escapeHtml(text)}</span>`;
}
