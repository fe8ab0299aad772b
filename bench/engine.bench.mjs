// Engine figures (issue 7): (1) Leash's own overhead per attempt on a generated 2,000-file
// repository, through the real CLI with the fake provider and a one-node-start validator;
// (2) dollars Leash spends against a fixed retry loop in five scripted scenarios.
// docs/benchmarks.md defines both measurements and keeps the latest figures.
import { cpus } from "node:os";
import { compareScenario } from "./lib/dollars.mjs";
import { buildOverheadRepo, nodeStartMs, runOverhead, timeFixedGitSteps } from "./lib/overhead.mjs";
import { SCENARIOS } from "./lib/scenarios.mjs";
import { median, ms, p95, table, usd } from "./lib/stats.mjs";

const RUNS = Number(process.env.LEASH_BENCH_RUNS ?? 10);
const SMALL_RUNS = Math.max(2, Math.round(RUNS / 2));

console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), node ${process.version}`);

function collect(results) {
  const attempts = results.flatMap((r) => r.attempts);
  const byStage = new Map();
  for (const a of attempts) {
    for (const [k, v] of Object.entries(a.stages)) byStage.set(k, [...(byStage.get(k) ?? []), v]);
  }
  const fixed = new Map();
  for (const r of results) {
    for (const [k, v] of Object.entries(r.fixed)) fixed.set(k, [...(fixed.get(k) ?? []), v]);
  }
  return { attempts, byStage, fixed };
}

function printOverhead(label, results) {
  const { attempts, byStage, fixed } = collect(results);
  const all = attempts.map((a) => a.overheadMs);
  const later = attempts.filter((a) => a.attempt > 1).map((a) => a.overheadMs);
  const first = attempts.filter((a) => a.attempt === 1).map((a) => a.overheadMs);
  console.log(`\n${label}: ${results.length} runs × ${attempts.length / results.length} attempts`);
  console.log(
    table(
      ["overhead per attempt (excl. provider + validators)", "median", "p95", "n"],
      [
        ["all attempts", ms(median(all)), ms(p95(all)), all.length],
        ["attempt 1 (loads the tokenizer)", ms(median(first)), ms(p95(first)), first.length],
        ["attempts 2+", ms(median(later)), ms(p95(later)), later.length],
        ...["validators_failed", "parse_failed", "accepted"].map((o) => {
          const v = attempts.filter((a) => a.outcome === o).map((a) => a.overheadMs);
          return [`  outcome ${o}`, ms(median(v)), ms(p95(v)), v.length];
        }),
      ],
    ),
  );
  console.log(
    `\n${table(
      ["stage (per attempt that reached it)", "median", "p95", "n"],
      [...byStage].map(([k, v]) => [k, ms(median(v)), ms(p95(v)), v.length]),
    )}`,
  );
  const walls = results.map((r) => r.wallMs);
  console.log(
    `\n${table(
      ["fixed per-run cost", "median", "p95"],
      [
        ...[...fixed].map(([k, v]) => [k, ms(median(v)), ms(p95(v))]),
        ["whole `leash run` process (wall)", ms(median(walls)), ms(p95(walls))],
      ],
    )}`,
  );
}

const started = Date.now();
console.log("\n## 1. Orchestrator overhead per attempt");
const big = buildOverheadRepo(2000);
console.log(`generated repo: ${big.files} files, ${(big.fillerBytes / 1e6).toFixed(1)} MB of filler`);
try {
  printOverhead("2,000-file repository", runOverhead(big.repo, RUNS));
  const steps = await timeFixedGitSteps(big.repo, 5);
  const node = nodeStartMs(5);
  console.log(
    `\n${table(
      ["in-process, same 2,000-file tree", "median", "p95"],
      [
        ["checkPreconditions", ms(median(steps.preconditions)), ms(p95(steps.preconditions))],
        ["createCheckpoint", ms(median(steps.checkpoint)), ms(p95(steps.checkpoint))],
        ['`node -e ""` (process floor)', ms(median(node)), ms(p95(node))],
      ],
    )}`,
  );
} finally {
  big.repo.cleanup();
}
const small = buildOverheadRepo(0);
try {
  printOverhead("same task, 4-file repository (for comparison)", runOverhead(small.repo, SMALL_RUNS));
} finally {
  small.repo.cleanup();
}

console.log("\n## 2. Dollars: Leash vs a fixed retry loop (5 attempts max, same model/tier/output usage)");
const rows = [];
for (const scenario of SCENARIOS) {
  const { report, loop, model, tier } = compareScenario(scenario);
  const reviewerUsd = report.reviews.flatMap((r) => r.calls).reduce((s, c) => s + c.actualUsd, 0);
  rows.push([
    scenario.name,
    `${report.status} (exit ${report.exitCode})`,
    `${report.attempts.length}/${report.totals.calls}`,
    usd(report.totals.actualUsd),
    usd(reviewerUsd),
    usd(report.totals.projectedUsd),
    `${loop.calls.length}${loop.passed ? " ✓" : " ✗"}`,
    usd(loop.actualUsd),
    usd(loop.cachedPrefixUsd),
    `${(loop.actualUsd / report.totals.actualUsd).toFixed(2)}×`,
    `${(loop.actualUsd / (report.totals.actualUsd - reviewerUsd)).toFixed(2)}×`,
    `${model}/${tier}`,
  ]);
}
console.log(
  table(
    [
      "scenario",
      "Leash outcome",
      "att/calls",
      "Leash $",
      "of which reviewer",
      "Leash projected",
      "loop calls",
      "loop $",
      "loop $ (cached prefix)",
      "loop/Leash",
      "loop/Leash builders",
      "model/tier",
    ],
    rows,
  ),
);
console.log(`\nengine bench: ${((Date.now() - started) / 1000).toFixed(1)} s`);
