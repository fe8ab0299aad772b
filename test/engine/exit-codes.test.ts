import { existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/**
 * Every exit code of SPEC §2 reached by a scripted scenario against a real git repository and a
 * real `node --test` suite; after each, the working tree is checked byte for byte.
 */

type Report = {
  status: string;
  exitCode: number;
  rolePath: string[];
  attempts: { outcome: string; verdict?: { verdict: string } }[];
  reviews: unknown[];
  totals: { calls: number; actualUsd: number };
  escalationFile?: string;
  runId: string;
};

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function expectTreeUnchanged(before: Map<string, Buffer>) {
  expect(repo.snapshot()).toEqual(before);
  expect(repo.git("status", "--porcelain")).toBe("");
}

describe("leash run exit codes", () => {
  it("0: a correct patch is accepted on the first try and left in the working tree", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task], {});
    expect(r.status).toBe(0);
    expect(r.report?.status).toBe("accepted");
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);
    before.set("src/add.js", Buffer.from(ADD_FIXED));
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git("status", "--porcelain")).toBe(" M src/add.js\n");
    expect(existsSync(join(repo.root, ".leash", "runs", r.report!.runId, "report.json"))).toBe(true);
  });

  it("1: attempts run out without a passing patch; the tree is rolled back", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "wrong", {
      budget: { max_attempts: 2 },
      fake: {
        responses: [
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a / b")) },
        ],
      },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(1);
    expect(r.report?.attempts.map((a) => a.outcome)).toEqual(["validators_failed", "validators_failed"]);
    expectTreeUnchanged(before);
  });

  it("2: an invalid task file changes nothing and creates no state", () => {
    repo = makeJsProject();
    repo.write("tasks/bad.yaml", "version: 1\ngoal: x\nallowed_file: [src/add.js]\nvalidators: [unit]\n");
    repo.commitAll("bad task");
    const before = repo.snapshot({ includeLeash: true });
    const r = runLeash(repo.root, ["run", "tasks/bad.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/tasks\/bad\.yaml:3:1/);
    expect(r.stderr).toMatch(/allowed_files/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("3: a task budget below one call's projected cost blocks before any call", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "poor", {
      budget: { max_usd: 0.001 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(3);
    expect(r.report?.status).toBe("blocked");
    expect(r.stderr).toMatch(/blocked: task budget poor: projected \$0\.\d+ > remaining \$0\.0010/);
    expect(r.report?.totals.calls).toBe(0);
    expectTreeUnchanged(before);
  });

  it("4: a role that needs approval stops for the operator without calling anything", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "pro", {
      role: "emergency_pro_reviewer",
      intent: "diagnose",
      allowed_files: ["src/add.js"],
      // Never served: the stop comes before any call (a fake with nothing scripted stops earlier).
      fake: { responses: [{ diagnosis: "not reached" }] },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(4);
    expect(r.report?.status).toBe("needs_approval");
    expect(r.stderr).toMatch(/--approve emergency_pro_reviewer/);
    expectTreeUnchanged(before);
  });

  it("4: diverging attempts stop at once with an escalation packet", () => {
    repo = makeJsProject();
    const grow = (n: number) =>
      `export function add(a, b) {\n${Array.from({ length: n }, (_, i) => `  const x${i} = ${i};`).join("\n")}\n  return a * b;\n}\n`;
    const task = writeTask(repo, "diverge", {
      budget: { max_attempts: 3 },
      fake: {
        responses: [
          { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) },
          { unified_diff: diffFor(ADD_BUGGY, `${grow(40)}export const broken = ;\n`) },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(4);
    expect(r.report?.status).toBe("escalated");
    expect(r.report?.attempts).toHaveLength(2);
    expect(r.report?.attempts[1]?.verdict?.verdict).toBe("diverging");
    const packet = JSON.parse(readFileSync(join(repo.root, r.report!.escalationFile!), "utf8"));
    expect(packet.attempts).toHaveLength(2);
    expect(packet.question).toBeTruthy();
    expectTreeUnchanged(before);
  });

  it("70: an unexpected failure mid-run is an internal error and the tree is rolled back", () => {
    // The validator sabotages Leash's own run directory, so recording its output fails.
    const sabotage =
      'const fs=require("fs");for(const r of fs.readdirSync(".leash/runs")){const d=".leash/runs/"+r+"/attempts/1";fs.mkdirSync(d,{recursive:true});fs.writeFileSync(d+"/validators","x")}';
    // Unsandboxed on purpose: under bwrap .leash/ is read-only and the sabotage could not happen.
    repo = makeJsProject({
      commands: { unit: { argv: ["node", "-e", sabotage], timeout_s: 60 } },
      sandbox: { default: "none" },
    });
    const task = writeTask(repo, "boom", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(70);
    expect(r.report?.status).toBe("internal_error");
    expectTreeUnchanged(before);
  });
});

describe("the built-in patch-safety check", () => {
  it("a validator that rewrites files outside the patch fails the attempt, and those files are restored", () => {
    // A backslash is part of a name on POSIX: that file must come back too, not `notes/a.txt`.
    const rewrite =
      'const fs = require("fs"); fs.writeFileSync("package.json", "{}\\n"); fs.writeFileSync("notes\\\\a.txt", "x")';
    repo = makeJsProject({ commands: { unit: { argv: ["node", "-e", rewrite], timeout_s: 60 } } });
    repo.write("notes\\a.txt", "mine\n");
    repo.commitAll("a name with a backslash");
    const task = writeTask(repo, "sneaky", {
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const before = repo.snapshot();
    // The baseline refuses such a validator before any call (test/cli/baseline.test.ts); without
    // it, the check after the patch still catches the rewrite.
    const r = runJson<Report & { attempts: { validators: { name: string; passed: boolean }[] }[] }>(
      repo.root,
      ["--no-baseline", task],
    );
    expect(r.status).toBe(1);
    expect(r.report?.attempts[0]?.validators.map((v) => [v.name, v.passed])).toEqual([
      ["unit", true],
      ["patch-safety", false],
    ]);
    expectTreeUnchanged(before);
  });
});

describe("what the model is shown", () => {
  it("never reads a file through a symlink that leaves the repository", () => {
    // The test file by name: `node --test` alone would walk into src/ and trip over the link,
    // whose target (under the host's /tmp) does not exist inside the sandbox.
    repo = makeJsProject({
      commands: { unit: { argv: ["node", "--test", "test/add.test.js"], timeout_s: 60 } },
    });
    const outside = `${repo.root}-outside-secret.txt`;
    writeFileSync(outside, "TOP-SECRET-CONTENT\n");
    symlinkSync(outside, join(repo.root, "src", "link.js"));
    repo.commitAll("a symlink");
    const task = writeTask(repo, "peek", {
      allowed_files: ["src/*.js"],
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(0);
    const prompt = readFileSync(
      join(repo.root, ".leash", "runs", r.report!.runId, "attempts", "1", "prompt.txt"),
      "utf8",
    );
    expect(prompt).toContain("return a - b");
    expect(prompt).not.toContain("TOP-SECRET-CONTENT");
    rmSync(outside);
  });
});

describe("files the patch may create", () => {
  it("an allowed path that does not exist yet is shown to the model as creatable", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "new", {
      allowed_files: ["src/add.js", "src/sub.js"],
      create_files: ["src/sub.js"],
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const r = runJson<Report>(repo.root, [task]);
    const prompt = readFileSync(
      join(repo.root, ".leash", "runs", r.report!.runId, "attempts", "1", "prompt.txt"),
      "utf8",
    );
    expect(prompt).toMatch(/## src\/sub\.js \(editable; does not exist yet/);
  });
});
