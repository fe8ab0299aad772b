// Wall time for 8 scripted tasks whose validator sleeps 1 s: --concurrency 1 against --concurrency 4.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { LEASH_BIN } from "./lib/leash-cli.mjs";

const BIN = LEASH_BIN;
const N = 8;
const ID = {
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@b.invalid",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@b.invalid",
};

function makeRepo() {
  const root = mkdtempSync(join(tmpdir(), "leash-bench-conc-"));
  const write = (path, text) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const git = (...args) =>
    execFileSync("git", args, { cwd: root, env: { ...process.env, ...ID }, stdio: "pipe" });
  git("init", "-q", "-b", "main");
  const commands = { slow: { argv: ["node", "-e", "setTimeout(() => {}, 1000)"], timeout_s: 60 } };
  for (let i = 1; i <= N; i++) {
    write(`src/f${i}.js`, `export const v${i} = ${i};\n`);
    write(
      `tasks/t${i}.yaml`,
      stringify({
        version: 1,
        goal: `v${i} must be ${i + 1}`,
        intent: "bugfix",
        allowed_files: [`src/f${i}.js`],
        validators: ["slow"],
        fake: {
          responses: [
            {
              unified_diff: `--- a/src/f${i}.js\n+++ b/src/f${i}.js\n@@ -1 +1 @@\n-export const v${i} = ${i};\n+export const v${i} = ${i + 1};\n`,
            },
          ],
        },
      }),
    );
  }
  write("leash.yaml", stringify({ version: 1, commands }));
  git("add", "-A");
  git("commit", "-q", "-m", "init");
  return root;
}

function timeRun(concurrency) {
  const root = makeRepo();
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [BIN, "run", "-q", "--concurrency", String(concurrency), "tasks/*.yaml"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  const ms = performance.now() - t0;
  rmSync(root, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`run at concurrency ${concurrency} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const one = timeRun(1);
const four = timeRun(4);
console.log(
  `8 tasks, validator sleeps 1 s: concurrency 1 ${(one / 1000).toFixed(2)} s, concurrency 4 ${(four / 1000).toFixed(2)} s, speed-up ${(one / four).toFixed(2)}x`,
);
