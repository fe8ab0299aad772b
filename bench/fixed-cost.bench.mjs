// The fixed cost of one `leash run` (issue #10 item 7): a 204-file JavaScript repository, a fake
// answer that is instant (a 5-file patch), a validator that is `git --version`, no baseline. What
// is left is Leash itself: start-up, loading, config, preconditions, lock, checkpoint, context,
// patch checks, reports. Printed beside `node -e 0`, the floor of any Node CLI; the target is 3×.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { writeFiller } from "./lib/big-repo.mjs";
import { leashRunJson } from "./lib/leash-cli.mjs";
import { nodeStartMs } from "./lib/overhead.mjs";
import { makeBenchRepo } from "./lib/repo.mjs";
import { median, ms, p95, table } from "./lib/stats.mjs";
import { diffFor, ROOMY_BUDGET } from "./lib/target.mjs";

const RUNS = Number(process.env.LEASH_BENCH_RUNS ?? 7);
const EDITED = 5;

const moduleText = (n, op) => `export function f${n}(a, b) {\n  return a ${op} b;\n}\n`;

function buildRepo() {
  const repo = makeBenchRepo("leash-bench-fixed-");
  writeFiller(repo, 200 - EDITED);
  repo.write("package.json", '{ "name": "target", "type": "module" }\n');
  const files = [];
  for (let n = 0; n < EDITED; n++) {
    files.push(`src/f${n}.js`);
    repo.write(`src/f${n}.js`, moduleText(n, "-"));
  }
  const diff = files.map((path, n) => diffFor(moduleText(n, "-"), moduleText(n, "+"), path)).join("");
  repo.write(
    "leash.yaml",
    stringify({
      version: 1,
      baseline: "skip",
      budget: ROOMY_BUDGET,
      commands: { version: { argv: ["git", "--version"], timeout_s: 30 } },
    }),
  );
  repo.write(
    "tasks/fixed.yaml",
    stringify({
      version: 1,
      goal: "every f<n> must add, not subtract",
      intent: "bugfix",
      allowed_files: files,
      validators: ["version"],
      fake: { responses: [{ unified_diff: diff }] },
    }),
  );
  repo.commitAll("initial");
  return repo;
}

const repo = buildRepo();
try {
  // One run unmeasured: the first one creates the ledger and warms the page cache.
  const once = () => {
    const r = leashRunJson(repo.root, "tasks/fixed.yaml");
    if (r.status !== 0) throw new Error(`the run was not accepted (exit ${r.status}):\n${r.stderr}`);
    repo.git("checkout", "-q", "--", "src");
    rmSync(join(repo.root, ".leash", "runs"), { recursive: true, force: true });
    return r;
  };
  once();
  const results = Array.from({ length: RUNS }, once);
  const walls = results.map((r) => r.wallMs);
  const node = nodeStartMs(RUNS);
  const stages = new Map();
  for (const r of results) {
    for (const s of r.report.stages) stages.set(s.name, [...(stages.get(s.name) ?? []), s.durationMs]);
    const outside = r.wallMs - r.report.durationMs;
    stages.set("(outside the engine)", [...(stages.get("(outside the engine)") ?? []), outside]);
  }
  console.log(`204-file repository, ${EDITED}-file patch, validator \`git --version\`, ${RUNS} runs`);
  console.log(
    table(
      ["whole process", "median", "p95"],
      [
        ["leash run (wall)", ms(median(walls)), ms(p95(walls))],
        ["node -e 0 (wall)", ms(median(node)), ms(p95(node))],
        ["ratio (target ≤ 3×)", `${(median(walls) / median(node)).toFixed(1)}×`, ""],
      ],
    ),
  );
  console.log(
    `\n${table(
      ["stage (report.json)", "median", "p95"],
      [...stages].map(([name, v]) => [name, ms(median(v)), ms(p95(v))]),
    )}`,
  );
} finally {
  if (process.env.LEASH_BENCH_KEEP) console.log(`kept ${repo.root}`);
  else rmSync(repo.root, { recursive: true, force: true });
}
