// The baseline's cost on the demo repository (its `unit` command: node --test over four files)
// and what the cache saves: the same clean tree checked again is served from .leash/baseline/.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBaselinePorts } from "../dist/cli/adapters/baseline.js";
import { runBaseline } from "../dist/engine/baseline.js";
import { createCommandRunner } from "../dist/exec/command-runner.js";
import { createCheckpoint } from "../dist/git/checkpoint.js";

const root = mkdtempSync(join(tmpdir(), "leash-bench-baseline-"));
cpSync(join(import.meta.dirname, "..", "demo", "example"), root, { recursive: true });
const git = (...args) =>
  execFileSync("git", args, {
    cwd: root,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "b",
      GIT_AUTHOR_EMAIL: "b@b",
      GIT_COMMITTER_NAME: "b",
      GIT_COMMITTER_EMAIL: "b@b",
    },
  });
git("init", "-q", "-b", "main");
git("add", "-A");
git("commit", "-q", "-m", "demo");

const commands = { unit: { argv: ["node", "--test"], timeout_s: 120 } };
const runner = createCommandRunner({ commands, maxOutputBytes: 65536 });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [];
const warm = [];
const N = 5;
for (let i = 0; i < N; i++) {
  rmSync(join(root, ".leash"), { recursive: true, force: true });
  const checkpoint = await createCheckpoint(root, `bench-${i}`);
  const ports = createBaselinePorts({ workTree: root, stateRoot: root, checkpoint, commands, runner });
  let t0 = performance.now();
  await runBaseline(ports, { validators: ["unit"], mode: "tolerate" });
  cold.push(performance.now() - t0);
  t0 = performance.now();
  const again = await runBaseline(ports, { validators: ["unit"], mode: "tolerate" });
  warm.push(performance.now() - t0);
  if (!again.validators[0]?.cached) throw new Error("the second baseline was not served from the cache");
}
const c = median(cold);
const w = median(warm);
console.log(
  `baseline on the demo repo (node --test, 4 files, seeded failures): first run median ${c.toFixed(0)} ms (n=${N})`,
);
console.log(
  `same tree again, from .leash/baseline/: median ${w.toFixed(1)} ms — the cache saves ${(c - w).toFixed(0)} ms per run (${((1 - w / c) * 100).toFixed(1)}%)`,
);
rmSync(root, { recursive: true, force: true });
