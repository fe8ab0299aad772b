import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { LEASH_BIN } from "../helpers/leash-cli.js";

/**
 * `requires_approval` on a terminal: Leash asks, and only an explicit yes runs the role. The
 * terminal is real: util-linux `script` gives the run a pseudo-terminal and types the answer.
 */

const hasScript = spawnSync("script", ["--version"]).status === 0;
if (!hasScript) console.warn("skipping the TTY approval tests: util-linux `script` is not installed");

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function runOnTty(cwd: string, command: string, answer: string): string {
  const r = spawnSync("sh", ["-c", `(sleep 1; printf '${answer}\\n') | script -qec "${command}" /dev/null`], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return r.stdout;
}

describe.skipIf(!hasScript)("interactive approval", () => {
  const task = {
    intent: "diagnose",
    role: "emergency_pro_reviewer",
    validators: [],
    budget: { max_usd: 0.5 },
    fake: { responses: [{ diagnosis: "it subtracts" }] },
  };

  it("runs the role after a yes at the prompt", () => {
    repo = makeJsProject({
      budget: { task_default_usd: 2, role_budgets_usd: { emergency_pro_reviewer: 2 } },
    });
    const file = writeTask(repo, "pro", task);
    const out = runOnTty(repo.root, `node ${LEASH_BIN} run -q ${file}; echo EXIT=\\$?`, "y");
    expect(out).toMatch(/requires approval/);
    expect(out).toMatch(/EXIT=0/);
  });

  it("stops for the operator (exit 4) after anything but yes", () => {
    repo = makeJsProject({
      budget: { task_default_usd: 2, role_budgets_usd: { emergency_pro_reviewer: 2 } },
    });
    const file = writeTask(repo, "pro", task);
    const out = runOnTty(repo.root, `node ${LEASH_BIN} run -q ${file}; echo EXIT=\\$?`, "n");
    expect(out, out).toMatch(/EXIT=4/);
  });
});
