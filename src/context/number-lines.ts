/**
 * A file as the model sees it: every line prefixed with its number so hunk headers can be
 * exact. The prefix is not part of the file, and the instructions say so.
 */
export function numberLines(text: string): string {
  const endsWithNewline = text.endsWith("\n");
  const lines = text.split("\n");
  if (endsWithNewline) lines.pop();
  const width = Math.max(4, String(lines.length).length);
  const body = lines.map((line, i) => `${String(i + 1).padStart(width)}| ${line}`).join("\n");
  return endsWithNewline || text === "" ? body : `${body}\n\\ No newline at end of file`;
}
