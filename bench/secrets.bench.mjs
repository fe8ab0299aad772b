// Secret scanning cost: the ruleset's load, then ms per MB of prompt-like text (numbered source
// files with a goal) and of validator-like output (test runner lines, stack traces), each once
// benign and once with a secret every ~4 KB; plus the synchronous pass the artifact sinks use.
import { createSecretScanner, exactSecrets, loadRuleset } from "../dist/secrets/index.js";

const t0 = performance.now();
await loadRuleset();
console.log(`ruleset load (secretlint preset, once per process): ${(performance.now() - t0).toFixed(0)} ms`);

const MB = 1024 * 1024;
const code = (i) =>
  `${String(i).padStart(5)}| export function parse${i}(input: string): number {\n${String(i + 1).padStart(5)}|   return Number.parseInt(input.trim(), 10) * ${i};\n${String(i + 2).padStart(5)}| }\n`;
const output = (i) =>
  ` FAIL  test/unit/parse-${i}.test.ts > parse > handles ${i}\nAssertionError: expected ${i * 3} to be ${i * 3 + 1}\n    at Object.<anonymous> (src/parse-${i}.ts:${i}:12)\n`;
const fill = (line) => {
  let s = "";
  for (let i = 1; s.length < MB; i += 3) s += line(i);
  return s.slice(0, MB);
};
const seeded = (text) => {
  const secret = (i) => `\nNPM_TOKEN=npm_${String(i).padStart(6, "0")}aB3cD4eF5gH6iJ7kL8mN9oP0qR1sT2u\n`;
  let out = "";
  for (let at = 0, i = 0; at < text.length; at += 4096, i++) out += text.slice(at, at + 4096) + secret(i);
  return out;
};

const scanner = createSecretScanner({ exact: exactSecrets(process.env, ["OPENAI_API_KEY"]) });
const time = async (label, text, runs = 5) => {
  const ms = [];
  let found = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    found = (await scanner.scan(text, "bench")).count;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const perMb = ms[Math.floor(ms.length / 2)] / (text.length / MB);
  console.log(`${label}: ${perMb.toFixed(1)} ms per MB (median of ${runs}; ${found} found)`);
};
await time("prompt, benign", fill(code));
await time("prompt, a secret every 4 KB", seeded(fill(code)));
await time("validator output, benign", fill(output));
await time("validator output, a secret every 4 KB", seeded(fill(output)));

const sync = fill(output);
const t = performance.now();
for (let i = 0; i < 5; i++) scanner.redactKnown(sync);
console.log(
  `synchronous pass (events, artifacts), validator output: ${((performance.now() - t) / 5).toFixed(1)} ms per MB`,
);
