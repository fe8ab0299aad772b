// A generated 2,000-file repository (nested dirs, log-normal file sizes) around a tiny JS
// target, so every git step Leash takes (checkpoint, safety scan, rollback) sees a real tree.

/** Deterministic PRNG (mulberry32): the same repository on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTS = [".ts", ".ts", ".ts", ".js", ".json", ".md", ".css", ".tsx"];
const WORDS = ["parse", "render", "cache", "queue", "token", "route", "store", "event", "model", "query"];

function sizeBytes(rand) {
  // Log-normal around ~2.5 KB: most files small, a tail of large ones, clamped to 80 B–160 KB.
  const u = Math.max(rand(), 1e-9);
  const v = rand();
  const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.round(Math.min(160_000, Math.max(80, Math.exp(Math.log(2500) + 1.1 * normal))));
}

function body(rand, bytes, n) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    const line = `export function ${w}${n}_${i}(input) { return input.${w} ?? ${Math.floor(rand() * 1000)}; }`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

function pathFor(rand, n) {
  const depth = 1 + Math.floor(rand() * 4);
  const parts = ["packages", `pkg-${Math.floor(rand() * 12)}`];
  for (let d = 1; d < depth; d++) parts.push(`${WORDS[Math.floor(rand() * WORDS.length)]}-${d}`);
  parts.push(`file-${n}${EXTS[Math.floor(rand() * EXTS.length)]}`);
  return parts.join("/");
}

/** Writes `count` filler files into repo; returns their total size in bytes. */
export function writeFiller(repo, count = 2000, seed = 7) {
  const rand = prng(seed);
  let total = 0;
  for (let n = 0; n < count; n++) {
    const content = body(rand, sizeBytes(rand), n);
    total += content.length;
    repo.write(pathFor(rand, n), content);
  }
  return total;
}
