// The baseline Leash is compared with: a fixed retry loop (docs/benchmarks.md defines it).
// Up to maxAttempts calls, stopping only on success; each call resends the full first prompt
// plus every earlier answer and the full output of every earlier validator run, untrimmed.
// No stagnation or divergence stop, no escalation, one model and tier throughout.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { actualCostUsd, priceFor, projectCostUsd } from "../../dist/budget/pricing.js";
import { countTokens, encodingFor, estimateRequestTokens } from "../../dist/budget/tokens.js";
import { scriptedText } from "../../dist/providers/fake/scripted-output.js";
import { outputJsonSchema } from "../../dist/providers/output-json-schema.js";
import { parseModelOutput } from "../../dist/providers/parse-model-output.js";

export function defaultPricing() {
  const file = join(import.meta.dirname, "..", "..", "data", "defaults.yaml");
  return parse(readFileSync(file, "utf8")).pricing;
}

const SCHEMA_TEXT = JSON.stringify(outputJsonSchema("patch"));

/**
 * Plays the loop for real in its own copy of the target repo: each scripted answer is parsed,
 * applied with `git apply`, the validators run, and the tree is reset for the next call.
 * `basePrompt` is the instructions and full context of Leash's first attempt.
 */
export function runFixedLoop({
  repo,
  responses,
  maxAttempts,
  validators,
  basePrompt,
  model,
  tier,
  maxOutputTokens,
}) {
  const pricing = defaultPricing();
  const encoding = encodingFor(pricing, model);
  const price = priceFor(pricing, model, tier);
  if (!price) throw new Error(`no price for ${model} at ${tier}`);
  let conversation = "";
  let previousInput = 0;
  const calls = [];
  for (let k = 0; k < maxAttempts && k < responses.length; k++) {
    const response = responses[k];
    const input = `${basePrompt}${conversation}`;
    const inputTokens = countTokens(input, encoding);
    const answer = scriptedText(response);
    const outputTokens = response.usage?.output_tokens ?? countTokens(answer, encoding);
    const usage = { input: inputTokens, cachedInput: 0, output: outputTokens, reasoning: 0 };
    const estimated = estimateRequestTokens({ instructions: "", input, schemaText: SCHEMA_TEXT }, encoding);
    const call = {
      inputTokens,
      outputTokens,
      actualUsd: actualCostUsd(usage, price),
      // The same loop on a provider that caches the repeated prefix (the previous call's input).
      cachedPrefixUsd: actualCostUsd({ ...usage, cachedInput: previousInput }, price),
      projectedUsd: projectCostUsd({ inputTokens: estimated, maxOutputTokens }, price),
      passed: false,
    };
    calls.push(call);
    previousInput = inputTokens;
    const feedback = tryAnswer(repo, answer, validators);
    call.passed = feedback === null;
    if (call.passed) break;
    conversation += `\n\n## Attempt ${k + 1}: your answer\n${answer}\n\n## Attempt ${k + 1}: result\n${feedback}`;
  }
  const sum = (f) => calls.reduce((s, c) => s + f(c), 0);
  return {
    calls,
    passed: calls.at(-1)?.passed ?? false,
    actualUsd: sum((c) => c.actualUsd),
    cachedPrefixUsd: sum((c) => c.cachedPrefixUsd),
    projectedUsd: sum((c) => c.projectedUsd),
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
  };
}

/** null when the answer applied and every validator passed; otherwise the full feedback text. */
function tryAnswer(repo, answer, validators) {
  const parsed = parseModelOutput(answer, "patch");
  if (!parsed.ok) return `The answer could not be used: ${parsed.reason}`;
  if (parsed.output.kind !== "unified_diff") return `The answer was a ${parsed.output.kind}, not a diff.`;
  const patchFile = join(repo.root, ".loop-patch.diff");
  writeFileSync(patchFile, parsed.output.unifiedDiff);
  const applied = spawnSync("git", ["apply", ".loop-patch.diff"], { cwd: repo.root, encoding: "utf8" });
  rmSync(patchFile);
  if (applied.status !== 0) return `git apply failed:\n${applied.stderr}`;
  const outputs = [];
  let passed = true;
  for (const v of validators) {
    const r = spawnSync(v.argv[0], v.argv.slice(1), { cwd: repo.root, encoding: "utf8", timeout: 60_000 });
    if (r.status !== 0) {
      passed = false;
      outputs.push(`validator ${v.name} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
  }
  repo.git("checkout", "-q", "--", ".");
  repo.git("clean", "-fdq");
  return passed ? null : outputs.join("\n\n");
}
