import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

const ROOT = join(import.meta.dirname, "..", "..");
const DIST = join(ROOT, "dist");
const CRASH = join(ROOT, "test", "fixtures", "exec", "crash-mid-run.mjs");

const repos: TempRepo[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const r of repos.splice(0)) r.cleanup();
});

function leash(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

function startCrashingRun(repo: TempRepo): Promise<{ child: ChildProcess; runId: string }> {
  const child = spawn(process.execPath, [CRASH, repo.root, DIST], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, runId: m[1] as string });
    });
    child.on("exit", (code) => reject(new Error(`crash fixture exited early (${code})`)));
  });
}

describe("leash recover (end to end, the built CLI)", () => {
  it("says there is nothing to recover when no lock exists", () => {
    const repo = makeTempRepo({ "a.txt": "a\n" });
    repos.push(repo);
    const r = leash(repo.root, "recover");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("nothing to recover");
  });

  it("refuses a lock held by a live process, then restores the files after that process is SIGKILLed", async () => {
    const repo = makeTempRepo({
      "src/a.ts": "export const a = 1;\r\n",
      "doomed.txt": "keep me",
      "other.txt": "o\n",
    });
    repos.push(repo);
    repo.write("user-untracked.txt", "mine\n");
    repo.write("src/a.ts", "export const a = 1; // dirty but snapshotted\r\n");
    const before = repo.snapshot();
    const { child, runId } = await startCrashingRun(repo);

    const busy = leash(repo.root, "recover");
    expect(busy.status).toBe(2);
    expect(busy.stderr).toContain("lock.busy");

    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(repo.read("src/a.ts").toString()).toContain("clobbered");

    const r = leash(repo.root, "recover");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`recovered run ${runId}`);
    expect(r.stdout).toContain("restored src/a.ts");
    expect(r.stdout).toContain("removed  src/new/dir/created.ts");
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(repo.root, "src", "new"))).toBe(false);
    expect(existsSync(join(repo.root, ".leash", "lock"))).toBe(false);
    const state = JSON.parse(readFileSync(join(repo.root, ".leash", "runs", runId, "state.json"), "utf8"));
    expect(state.status).toBe("recovered");

    expect(leash(repo.root, "recover").stdout).toContain("nothing to recover");
  });
});
