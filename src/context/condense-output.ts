import { redactSecrets } from "./redact.js";
import { stripAnsi } from "./strip-ansi.js";

// Lines that carry the failure: error codes, failing test markers, assertion details.
const INTERESTING =
  /\berror\b|\bERR!|\bFAIL(ED)?\b|✗|×|✕|\bnot ok\b|^E\s{2,}|Error:|\bassert|\bexpected\b|\breceived\b|\bexpect\(|^\s*[-+] |\bwarning\b|\bTS\d{4}\b|^\s*\S+\.(ts|tsx|js|mjs|py):\d+/i;

export interface CondenseOptions {
  headLines: number;
  tailLines: number;
  maxInterestingLines: number;
}

const DEFAULTS: CondenseOptions = { headLines: 5, tailLines: 15, maxInterestingLines: 80 };

/**
 * Validator output trimmed to what matters: colours stripped, secrets redacted, the first and
 * last lines kept for orientation, failure-looking lines in between kept once each, and a
 * marker wherever lines were left out.
 */
export function condenseValidatorOutput(raw: string, options: Partial<CondenseOptions> = {}): string {
  const opt = { ...DEFAULTS, ...options };
  const lines = redactSecrets(stripAnsi(raw))
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const keep = new Set<number>();
  for (let i = 0; i < Math.min(opt.headLines, lines.length); i++) keep.add(i);
  for (let i = Math.max(0, lines.length - opt.tailLines); i < lines.length; i++) keep.add(i);
  const seenText = new Set<string>();
  let interesting = 0;
  for (let i = 0; i < lines.length && interesting < opt.maxInterestingLines; i++) {
    const line = lines[i] as string;
    const key = line.trim();
    if (key === "" || !INTERESTING.test(line)) continue;
    if (seenText.has(key)) continue;
    seenText.add(key);
    keep.add(i);
    interesting++;
  }
  const out: string[] = [];
  const emitted = new Set<string>();
  let gap = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const key = line.trim();
    const duplicate = key !== "" && emitted.has(key);
    if (!keep.has(i) || duplicate) {
      gap++;
      continue;
    }
    if (gap > 0) out.push(`[… ${gap} line${gap === 1 ? "" : "s"} omitted …]`);
    gap = 0;
    if (key !== "") emitted.add(key);
    out.push(line);
  }
  if (gap > 0) out.push(`[… ${gap} line${gap === 1 ? "" : "s"} omitted …]`);
  return out.join("\n");
}
