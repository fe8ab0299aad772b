/** Edit distance between two short identifiers (Levenshtein, two rows). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/**
 * The known name closest to `word`, if it is close enough to be a plausible typo: at most a
 * third of the word's length away (and at least 2 edits allowed, so short keys still match).
 */
export function closestName(word: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(word.toLowerCase(), name.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** A hint sentence for an unknown name: "did you mean `x`?" or the list of valid names. */
export function suggestName(word: string, known: readonly string[], what: string): string {
  const close = closestName(word, known);
  if (close !== undefined) return `did you mean \`${close}\`?`;
  if (known.length === 0) return `there are no ${what} to choose from yet`;
  return `known ${what}: ${known.join(", ")}`;
}
