import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { LEASH_BIN, runLeash } from "../helpers/leash-cli.js";

/**
 * `leash run` SIGKILLed while its validator runs, with the patch applied: the lock is stale,
 * the tree is patched, and `leash recover` puts every byte back.
 */

let repo: TempRepo;
let validatorPid: number | undefined;
afterEach(() => {
  if (validatorPid) {
    try {
      process.kill(validatorPid, "SIGKILL");
    } catch {}
  }
  repo?.cleanup();
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a run killed mid-validation", () => {
  it("is rolled back by leash recover", async () => {
    const hang =
      'require("fs").writeFileSync("validator.pid", String(process.pid)); setTimeout(() => {}, 60000)';
    repo = makeJsProject({ commands: { unit: { argv: ["node", "-e", hang], timeout_s: 120 } } });
    repo.write(".gitignore", "validator.pid\n");
    repo.commitAll("ignore pid file");
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();

    const child = spawn(process.execPath, [LEASH_BIN, "run", "-q", task], {
      cwd: repo.root,
      stdio: "ignore",
    });
    const pidFile = join(repo.root, "validator.pid");
    await waitFor(
      () => existsSync(pidFile) && readFileSync(pidFile, "utf8") !== "",
      "the validator to start",
    );
    validatorPid = Number(readFileSync(pidFile, "utf8"));
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
    child.kill("SIGKILL");
    await new Promise((r) => child.on("close", r));

    const busy = runLeash(repo.root, ["run", task]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/leash recover/);

    const recovered = runLeash(repo.root, ["recover"]);
    expect(recovered.status).toBe(0);
    expect(recovered.stdout).toMatch(/src\/add\.js/);
    const after = repo.snapshot();
    after.delete("validator.pid");
    expect(after).toEqual(before);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
  });
});
