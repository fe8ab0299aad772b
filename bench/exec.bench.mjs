// Runner overhead (50 runs of `true`), bwrap sandbox overhead (20 runs of `true` each way) and
// checkpoint + rollback on a 2,000-file repo.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCommandRunner } from "../dist/exec/command-runner.js";
import { findOnPath } from "../dist/exec/sandbox-check.js";
import { changedSinceCheckpoint } from "../dist/git/changed-since.js";
import { createCheckpoint } from "../dist/git/checkpoint.js";
import { rollbackToCheckpoint } from "../dist/git/rollback.js";

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const pick = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms (n=${s.length})`;
};

const runner = createCommandRunner({
  commands: { t: { argv: ["true"], timeout_s: 10 } },
  maxOutputBytes: 65536,
});
const runs = [];
for (let i = 0; i < 50; i++) {
  const t0 = performance.now();
  await runner.run("t", { cwd: tmpdir() });
  runs.push(performance.now() - t0);
}
console.log(`runner: \`true\` ${stats(runs)}`);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (findOnPath("bwrap", process.env.PATH)) {
  const sandboxed = createCommandRunner({
    commands: {
      plain: { argv: ["true"], timeout_s: 10 },
      boxed: { argv: ["true"], timeout_s: 10, sandbox: "bwrap" },
    },
    maxOutputBytes: 65536,
  });
  const cwd = mkdtempSync(join(tmpdir(), "leash-bench-sbx-"));
  try {
    // Pays for the one-off probe so it is not counted in the first sandboxed run.
    await sandboxed.run("boxed", { cwd });
    const plain = [];
    const boxed = [];
    for (let i = 0; i < 20; i++) {
      for (const [name, into] of [
        ["plain", plain],
        ["boxed", boxed],
      ]) {
        const t0 = performance.now();
        const r = await sandboxed.run(name, { cwd });
        into.push(performance.now() - t0);
        if (r.exitCode !== 0) throw new Error(`${name} failed: ${r.stderr}`);
      }
    }
    console.log(`runner: \`true\` unsandboxed ${stats(plain)}`);
    console.log(`runner: \`true\` under bwrap ${stats(boxed)}`);
    console.log(`bwrap overhead: ${(median(boxed) - median(plain)).toFixed(1)} ms (median of 20 each)`);
  } catch (err) {
    console.log(`bwrap overhead: not measured (${err.message})`);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
} else {
  console.log("bwrap overhead: not measured (bwrap is not on PATH)");
}

const root = mkdtempSync(join(tmpdir(), "leash-bench-"));
const git = (...a) =>
  execFileSync("git", a, {
    cwd: root,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "b",
      GIT_AUTHOR_EMAIL: "b@b",
      GIT_COMMITTER_NAME: "b",
      GIT_COMMITTER_EMAIL: "b@b",
    },
  });
try {
  git("init", "-q");
  for (let d = 0; d < 40; d++) {
    mkdirSync(join(root, `dir${d}`));
    for (let f = 0; f < 50; f++)
      writeFileSync(join(root, `dir${d}`, `file${f}.ts`), `export const v${d}_${f} = ${f};\n`.repeat(20));
  }
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const touched = Array.from({ length: 20 }, (_, i) => `dir${i}/file${i}.ts`).concat([
    "new/a.ts",
    "new/b.ts",
  ]);
  const cps = [];
  const rbs = [];
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    const cp = await createCheckpoint(root, `bench-${i}`);
    cps.push(performance.now() - t0);
    mkdirSync(join(root, "new"), { recursive: true });
    for (const p of touched) writeFileSync(join(root, p), "changed\n");
    t0 = performance.now();
    const changed = await changedSinceCheckpoint(root, cp);
    const r = await rollbackToCheckpoint(root, cp, changed);
    rbs.push(performance.now() - t0);
    if (!r.ok || changed.length !== touched.length) throw new Error("rollback bench failed");
  }
  console.log(`checkpoint, 2,000 files: ${stats(cps)}`);
  console.log(`changedSinceCheckpoint + rollback of 22 paths, 2,000 files: ${stats(rbs)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
