import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { leashCacheDir } from "../cache-dir.js";

/**
 * Token counts remembered across processes, keyed by a hash of the text counted. Loading the
 * tokenizer's tables costs about half a second, a quarter of a whole fast run, while the texts a
 * run counts (instructions, schema, the same files) mostly repeat: a rerun, `plan` then `run`,
 * the next attempt. When every piece of a text is known, the tables are never loaded.
 *
 * Exact, not an estimate: a text is cut only after a newline that is followed by a letter or a
 * digit. Both o200k_base and cl100k_base always start a new pre-token there, and BPE never merges
 * across pre-tokens, so the counts of the pieces add up to the count of the whole (checked on
 * Leash's own sources by test/budget/count-cache.test.ts). (A run of thousands of characters
 * without whitespace is the exception: long-runs.ts counts it in pieces, erring high.)
 *
 * It is a cache and nothing more: a missing, damaged or unwritable file means counting again.
 */

const PIECE_CHARS = 4096;
const MAX_ENTRIES = 20_000;
const CUT = /\n(?=[\p{L}\p{N}])/gu;

type Count = (text: string) => number;

let counts: Map<string, number> | undefined;
let dirty = false;

function cacheFile(): string {
  return join(leashCacheDir(), "token-counts.json");
}

function load(): Map<string, number> {
  if (counts) return counts;
  counts = new Map();
  try {
    const parsed = JSON.parse(readFileSync(cacheFile(), "utf8")) as { version?: unknown; counts?: unknown };
    if (parsed.version === 1 && parsed.counts && typeof parsed.counts === "object") {
      for (const [key, n] of Object.entries(parsed.counts as Record<string, unknown>))
        if (typeof n === "number" && Number.isInteger(n) && n >= 0) counts.set(key, n);
    }
  } catch {
    // No file yet, or one that is not ours to trust: start empty.
  }
  process.once("exit", save);
  return counts;
}

function save(): void {
  if (!dirty || !counts) return;
  try {
    const file = cacheFile();
    mkdirSync(join(file, ".."), { recursive: true });
    // The newest entries are kept when the file would grow past its bound.
    const kept = [...counts].slice(-MAX_ENTRIES);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, counts: Object.fromEntries(kept) }));
    renameSync(tmp, file);
    dirty = false;
  } catch {
    // A read-only home or a full disk costs the next run a recount, nothing else.
  }
}

/** The text in pieces of at least PIECE_CHARS (but the last), cut only where counts add up. */
export function countablePieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const m of text.matchAll(CUT)) {
    const end = (m.index as number) + 1;
    if (end - start >= PIECE_CHARS) {
      pieces.push(text.slice(start, end));
      start = end;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/** `count(text)`, from remembered pieces where possible; `count` runs only on pieces not seen. */
export function cachedCount(text: string, encoding: string, count: Count): number {
  const known = load();
  let total = 0;
  for (const piece of countablePieces(text)) {
    const key = `${encoding}:${createHash("sha256").update(piece).digest("base64url").slice(0, 24)}`;
    let n = known.get(key);
    if (n === undefined) {
      n = count(piece);
      known.set(key, n);
      dirty = true;
    }
    total += n;
  }
  return total;
}
