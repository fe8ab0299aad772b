// Patch pipeline cost: parse + repair + safety (facts and rules) + `git apply --check`, for
// (a) one 250 KB multi-file diff and (b) 1,000 diffs taken from a history this bench builds.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatPatch } from "../dist/patch/format-patch.js";
import { gitApplyCheck } from "../dist/patch/git-apply.js";
import { parseUnifiedDiff } from "../dist/patch/parse-diff.js";
import { repoFileReader } from "../dist/patch/read-repo-file.js";
import { repairPatch } from "../dist/patch/repair.js";
import { checkPatchSafety } from "../dist/patch/safety/check-patch-safety.js";
import { gatherRepoFacts } from "../dist/patch/safety/gather-repo-facts.js";
import { pathsOf } from "../dist/patch/types.js";

const POLICY = {
  allowedGlobs: ["**"],
  forbiddenGlobs: [".env"],
  maxPatchBytes: 2_000_000,
  maxFiles: 500,
  maxHunks: 20_000,
};
const ID = {
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@x",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@x",
};

function makeRepo() {
  const root = mkdtempSync(join(tmpdir(), "leash-bench-"));
  const git = (...args) =>
    execFileSync("git", args, {
      cwd: root,
      env: { ...process.env, ...ID },
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
  git("init", "-q", "-b", "main");
  git("config", "core.autocrlf", "false");
  return { root, git };
}

let seed = 42;
const rand = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const fileText = (f, n, v) =>
  Array.from({ length: n }, (_, i) => `const f${f}_l${i} = ${v}; // ${"pad".repeat(4)}`).join("\n") + "\n";

/** One pass of the pipeline, timed by stage; `git` counts `git apply --check` and `git ls-files`. */
async function runOnce(root, text) {
  const t = { parse: 0, repair: 0, facts: 0, rules: 0, check: 0 };
  let t0 = performance.now();
  const parsed = parseUnifiedDiff(text);
  t.parse = performance.now() - t0;
  if (!parsed.ok) throw new Error(parsed.reason);
  t0 = performance.now();
  const repaired = repairPatch(parsed.value, repoFileReader(root));
  t.repair = performance.now() - t0;
  if (!repaired.ok) throw new Error(repaired.reason);
  t0 = performance.now();
  const facts = await gatherRepoFacts(root, parsed.value.files.flatMap(pathsOf));
  t.facts = performance.now() - t0;
  t0 = performance.now();
  const verdict = checkPatchSafety(parsed.value, facts, POLICY);
  t.rules = performance.now() - t0;
  if (!verdict.ok) throw new Error(JSON.stringify(verdict.violations[0]));
  t0 = performance.now();
  const check = await gitApplyCheck(root, formatPatch(repaired.patch));
  t.check = performance.now() - t0;
  if (!check.ok) throw new Error(check.reason);
  return t;
}

function report(label, runs) {
  const totals = runs.map((t) => t.parse + t.repair + t.facts + t.rules + t.check).sort((a, b) => a - b);
  const pick = (q) => totals[Math.min(totals.length - 1, Math.floor(q * totals.length))];
  const sum = (k) => runs.reduce((s, t) => s + t[k], 0);
  const all = totals.reduce((s, x) => s + x, 0);
  const pct = (x) => `${((100 * x) / all).toFixed(0)}%`;
  console.log(
    `${label}: n=${runs.length}, per patch median ${pick(0.5).toFixed(2)} ms, p95 ${pick(0.95).toFixed(2)} ms; ` +
      `time in git ${pct(sum("check") + sum("facts"))} (apply --check ${pct(sum("check"))}, facts incl. ls-files ${pct(sum("facts"))}); ` +
      `parse ${pct(sum("parse"))}, repair ${pct(sum("repair"))}, rules ${pct(sum("rules"))}`,
  );
}

async function benchLarge() {
  const repo = makeRepo();
  try {
    const files = 15;
    for (let f = 0; f < files; f++) writeFileSync(join(repo.root, `f${f}.ts`), fileText(f, 400, 1));
    repo.git("add", "-A");
    repo.git("commit", "-qm", "base");
    for (let f = 0; f < files; f++) {
      const lines = fileText(f, 400, 1).split("\n");
      for (let i = 0; i < 400; i += 7) lines[i] = lines[i].replace("= 1;", "= 2;");
      writeFileSync(join(repo.root, `f${f}.ts`), lines.join("\n"));
    }
    const diff = repo.git("diff", "--no-color");
    repo.git("checkout", "-q", "--", ".");
    const runs = [];
    for (let r = 0; r < 20; r++) runs.push(await runOnce(repo.root, diff));
    report(`(a) ${(Buffer.byteLength(diff) / 1024).toFixed(0)} KB diff, ${files} files`, runs);
  } finally {
    rmSync(repo.root, { recursive: true, force: true });
  }
}

async function benchHistory() {
  const repo = makeRepo();
  try {
    const files = 20;
    const content = Array.from({ length: files }, (_, f) => fileText(f, 80, 0).split("\n").slice(0, -1));
    const write = () => {
      for (const [f, lines] of content.entries())
        writeFileSync(join(repo.root, `src/m${f}.ts`), `${lines.join("\n")}\n`);
    };
    mkdirSync(join(repo.root, "src"));
    write();
    repo.git("add", "-A");
    repo.git("commit", "-qm", "c0");
    const commits = [repo.git("rev-parse", "HEAD").trim()];
    for (let c = 1; c <= 254; c++) {
      for (let k = 0; k <= rand(3); k++) {
        const lines = content[rand(files)];
        const at = rand(lines.length);
        const op = rand(3);
        if (op === 0) lines[at] = `// edit ${c}.${k} ${lines[at]}`;
        else if (op === 1) lines.splice(at, 0, `const added_${c}_${k} = ${c};`, `// note ${c}`);
        else if (lines.length > 10) lines.splice(at, 1 + rand(3));
      }
      write();
      repo.git("commit", "-qam", `c${c}`);
      commits.push(repo.git("rev-parse", "HEAD").trim());
    }
    const runs = [];
    for (let base = 0; base < 250; base++) {
      repo.git("checkout", "-q", "--detach", commits[base]);
      for (let step = 1; step <= 4; step++) {
        const diff = repo.git("diff", "--no-color", commits[base], commits[base + step]);
        runs.push(await runOnce(repo.root, diff));
      }
    }
    report("(b) history diffs", runs);
  } finally {
    rmSync(repo.root, { recursive: true, force: true });
  }
}

await benchLarge();
await benchHistory();
