import { createHash } from "node:crypto";
import { stripAnsi } from "../context/strip-ansi.js";
import { BIOME_OUTPUT, categoryOf, FAILURE_PATTERNS, NOT_A_FAILURE } from "./failure-patterns.js";
import type { FailureCategory, FailureSignature } from "./failure-signature.js";
import { cleanLine, normalizeLine } from "./normalize-line.js";

/** Past this many signatures per validator the rest are one "and more" signature: enough to judge a trend. */
export const MAX_SIGNATURES_PER_VALIDATOR = 200;

export function signatureHash(validator: string, category: FailureCategory, text: string): string {
  return createHash("sha256").update(`${validator}\0${category}\0${text}`).digest("hex");
}

function make(
  validator: string,
  category: FailureCategory,
  text: string,
  raw: string,
  file?: string,
): FailureSignature {
  return {
    validator,
    category,
    ...(file === undefined ? {} : { file }),
    text,
    raw,
    signatureHash: signatureHash(validator, category, text),
  };
}

// eslint's stylish output names the file on its own line, then indents each problem under it.
const STYLISH_FILE = /^(\/\S+|[\w.@-][\w./@-]*\.[cm]?[jt]sx?)$/;

/**
 * Failure lines of one validator's output, each normalized (normalize-line.ts) and hashed, once
 * each. A failing run whose output matches no known pattern still yields one `other`
 * signature (its last line), so a failure is never invisible to the convergence judge.
 */
export function normalizeFailures(
  validator: string,
  output: string,
  repoRoot: string,
  run: { timedOut?: boolean; exitCode?: number | null } = {},
): FailureSignature[] {
  const found = new Map<string, FailureSignature>();
  let stylishFile: string | undefined;
  const plain = stripAnsi(output).replace(/\r\n?/g, "\n");
  const lines = plain.split("\n");
  const patterns = BIOME_OUTPUT.test(plain)
    ? FAILURE_PATTERNS.filter((p) => p.tool !== "vitest")
    : FAILURE_PATTERNS;
  for (const line of lines) {
    if (found.size >= MAX_SIGNATURES_PER_VALIDATOR) break;
    if (STYLISH_FILE.test(line.trim())) stylishFile = normalizeLine(line.trim(), repoRoot);
    if (NOT_A_FAILURE.some((n) => n.test(line))) continue;
    const pattern = patterns.find((p) => p.pattern.test(line));
    if (pattern === undefined) continue;
    const match = pattern.pattern.exec(line);
    const captured = pattern.file === undefined ? undefined : match?.[pattern.file];
    const file =
      captured === undefined
        ? pattern.tool === "eslint"
          ? stylishFile
          : undefined
        : normalizeLine(captured, repoRoot);
    let text = normalizeLine(line, repoRoot);
    if (pattern.tool === "eslint" && file !== undefined) text = `${file}: ${text}`;
    const sig = make(validator, categoryOf(pattern, line), text, cleanLine(line, repoRoot), file);
    if (!found.has(sig.signatureHash)) found.set(sig.signatureHash, sig);
  }
  const out = [...found.values()];
  if (run.timedOut === true) out.push(make(validator, "timeout", "timed out", `${validator} timed out`));
  const failed = run.timedOut === true || (run.exitCode !== undefined && run.exitCode !== 0);
  if (out.length === 0 && failed) {
    const last =
      lines
        .map((l) => l.trim())
        .filter((l) => l !== "")
        .pop() ?? "";
    const raw = `${validator} exited ${run.exitCode ?? "by signal"}${last === "" ? "" : `: ${last}`}`;
    out.push(make(validator, "other", normalizeLine(raw, repoRoot), cleanLine(raw, repoRoot)));
  }
  return out;
}
