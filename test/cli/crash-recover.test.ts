import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { LEASH_BIN, runLeash } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import { responseBody, startResponsesServer } from "../providers/helpers/responses-server.js";

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
    // Unsandboxed on purpose: the test kills the validator by the pid it writes, and inside the
    // sandbox's own pid namespace that number means nothing on the host.
    repo = makeJsProject({
      commands: { unit: { argv: ["node", "-e", hang], timeout_s: 120 } },
      sandbox: { default: "none" },
    });
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

describe("a run killed while its provider call is in flight", () => {
  it("leaves a reservation that counts until leash recover settles it", async () => {
    const server = await startResponsesServer();
    try {
      server.reply({ status: 200, body: responseBody({ text: "{}" }), delayMs: 60_000 });
      repo = makeJsProject({
        provider: {
          openai: { enabled: true, api_key_env: "LEASH_TEST_OPENAI_KEY", base_url: server.baseURL },
        },
        roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
      });
      const task = writeTask(repo, "fix", {});
      const child = spawn(process.execPath, [LEASH_BIN, "run", "-q", "--provider", "openai", task], {
        cwd: repo.root,
        stdio: "ignore",
        env: { ...process.env, LEASH_TEST_OPENAI_KEY: "sk-test-crash" },
      });
      await waitFor(() => server.received.length > 0, "the provider call");
      child.kill("SIGKILL");
      await new Promise((r) => child.on("close", r));
      expect((await ledgerRows(repo.root)).map((row) => row.status)).toEqual(["reserved"]);

      const recovered = runLeash(repo.root, ["recover"]);
      expect(recovered.status).toBe(0);
      expect(recovered.stdout).toMatch(/settled 1 reservation/);
      const rows = await ledgerRows(repo.root);
      expect(rows.map((row) => row.status)).toEqual(["reconciled"]);
      expect(rows[0]?.actualUsd).toBe(rows[0]?.projectedUsd);
    } finally {
      await server.close();
    }
  });
});
