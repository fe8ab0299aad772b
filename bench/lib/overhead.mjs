// Part 1 of the engine bench: what Leash itself costs per attempt on a 2,000-file repository,
// i.e. every attempt's duration minus its provider latency and its validators' run time.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createCheckpoint } from "../../dist/git/checkpoint.js";
import { checkPreconditions } from "../../dist/git/preconditions.js";
import { writeFiller } from "./big-repo.mjs";
import { leashRunJson } from "./leash-cli.mjs";
import { makeBenchRepo } from "./repo.mjs";
import { ADD_BUGGY, addReturning, diffFor, FAST_CHECK, leashYaml, taskYaml } from "./target.mjs";

const USAGE = { output_tokens: 900, reasoning_tokens: 640 };

/** Four attempts: a failing patch, unparsable prose, a narrower failing patch, the fix. */
const RESPONSES = [
  {
    unified_diff: diffFor(ADD_BUGGY, addReturning("a * b", "  // multiply first\n  // then return\n")),
    usage: USAGE,
  },
  { raw: "Sure! Change the minus to a plus and it will work.", usage: USAGE },
  { unified_diff: diffFor(ADD_BUGGY, addReturning("a / b")), usage: USAGE },
  { unified_diff: diffFor(ADD_BUGGY, addReturning("a + b")), usage: USAGE },
];

export function buildOverheadRepo(fileCount = 2000) {
  const repo = makeBenchRepo("leash-bench-overhead-");
  const fillerBytes = writeFiller(repo, fileCount);
  repo.write("package.json", '{ "name": "target", "type": "module" }\n');
  repo.write("src/add.js", ADD_BUGGY);
  repo.write(
    "leash.yaml",
    leashYaml({ check: { argv: FAST_CHECK, timeout_s: 30 } }, { max_attempts_per_task: 5 }),
  );
  repo.write(
    "tasks/overhead.yaml",
    taskYaml({ validators: ["check"], budget: { max_attempts: 5 }, fake: { responses: RESPONSES } }),
  );
  repo.commitAll("initial");
  return { repo, fillerBytes, files: fileCount + 4 };
}

const stageKind = (name) => /^attempt \d+: (.+)$/.exec(name)?.[1] ?? null;

/** The overhead figures of one report: one entry per attempt, plus the run's fixed stages. */
export function overheadOf(report, wallMs) {
  const attempts = report.attempts.map((a) => {
    const latency = a.calls.reduce((s, c) => s + c.latencyMs, 0);
    const validators = a.validators
      .filter((v) => v.name !== "patch-safety")
      .reduce((s, v) => s + v.durationMs, 0);
    const safety = a.validators.find((v) => v.name === "patch-safety")?.durationMs;
    const stages = {};
    for (const s of report.stages) {
      const kind = stageKind(s.name);
      if (kind && s.name.startsWith(`attempt ${a.attempt}:`)) stages[kind] = s.durationMs;
    }
    // The stages that contain the excluded time, with it taken out.
    if (stages.call !== undefined) stages["call (guard, excl. provider)"] = stages.call - latency;
    if (stages.validate !== undefined) {
      stages["validate (excl. validators)"] = stages.validate - validators;
      stages["  of which patch-safety scan"] = safety ?? 0;
    }
    delete stages.call;
    delete stages.validate;
    return {
      attempt: a.attempt,
      outcome: a.outcome,
      overheadMs: a.durationMs - latency - validators,
      latency,
      validators,
      stages,
    };
  });
  const fixed = {};
  for (const s of report.stages) if (stageKind(s.name) === null) fixed[s.name] = s.durationMs;
  fixed["outside the engine (process start, load, preconditions, lock, checkpoint, report files)"] =
    wallMs - report.durationMs;
  return { attempts, fixed };
}

export function runOverhead(repo, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const { report, wallMs } = leashRunJson(repo.root, "tasks/overhead.yaml");
    if (report.status !== "accepted" || report.attempts.length !== RESPONSES.length) {
      throw new Error(
        `overhead run ${i + 1}: ${report.status} after ${report.attempts.length} attempt(s): ${report.message}`,
      );
    }
    results.push({ ...overheadOf(report, wallMs), wallMs });
    // The accepted fix is left in the working tree; put the bug back for the next run.
    repo.git("checkout", "-q", "--", "src/add.js");
  }
  return results;
}

/** The git steps a run pays once, timed in-process on the same tree. */
export async function timeFixedGitSteps(repo, times) {
  const checkpoint = [];
  const preconditions = [];
  for (let i = 0; i < times; i++) {
    let t = performance.now();
    await checkPreconditions({ repoRoot: repo.root, allowedGlobs: ["src/add.js"], allowDirty: false });
    preconditions.push(performance.now() - t);
    t = performance.now();
    await createCheckpoint(repo.root, `bench-${process.pid}-${i}`);
    checkpoint.push(performance.now() - t);
  }
  return { checkpoint, preconditions };
}

/** A bare `node -e ""`: the floor under every CLI process and every node validator. */
export function nodeStartMs(times) {
  const out = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ["-e", ""]);
    out.push(performance.now() - t);
  }
  return out;
}
