/**
 * Markdown fences as models wrap diffs in them. Only lines outside hunks are ever tested: inside a
 * hunk a line starts with its op, so a document's own ```` ``` ```` is content (` ```` or `+```).
 */

const FENCE = /^(`{3,}|~{3,})/;
// The languages models put on a diff fence; anything else (```ts) is not a diff wrapper.
const OPENING = /^(`{3,}|~{3,})\s*(diff|patch|udiff|git)?\s*$/i;

const bare = (line: string) => line.replace(/\r$/, "");

/** A fence line at column 0, as a diff line could never be. */
export const isFence = (line: string): boolean => FENCE.test(bare(line));

/** ```` ```diff ````, ```` ```patch ````, bare ```` ``` ```` (or `~~~`), with nothing else on the line. */
export const isOpeningFence = (line: string): boolean => OPENING.test(bare(line));

/** A fence that closes `opening`: the same character, at least as long, nothing after it. */
export function closesFence(line: string, opening: string): boolean {
  const open = FENCE.exec(bare(opening))?.[1] ?? "```";
  const m = /^(`{3,}|~{3,})\s*$/.exec(bare(line));
  return m !== null && (m[1] as string)[0] === open[0] && (m[1] as string).length >= open.length;
}
