import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/** Where an accepted change goes (--commit, --branch, working tree) and how `leash undo` takes it back. */

type Report = {
  runId: string;
  status: string;
  undo?: string;
  change: { where: string; commit?: string; branch?: string };
};

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function acceptedTask(r: TempRepo) {
  return writeTask(r, "fix", { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } });
}

describe("delivery and undo", () => {
  it("--commit commits only the patched file on the current branch; the operator's staged work stays staged", () => {
    repo = makeJsProject();
    const task = acceptedTask(repo);
    repo.write("notes.txt", "mine\n");
    repo.git("add", "notes.txt");
    const head = repo.git("rev-parse", "HEAD").trim();
    const r = runJson<Report>(repo.root, ["--commit", task]);
    expect(r.status).toBe(0);
    expect(r.report?.change.where).toBe("commit");
    // A commit is undone with git, not `leash undo`: the report says which command.
    expect(r.report?.undo).toBe(`git revert ${r.report?.change.commit}`);
    expect(repo.git("rev-parse", "HEAD~1").trim()).toBe(head);
    expect(repo.git("show", "--name-only", "--format=", "HEAD").trim()).toBe("src/add.js");
    expect(repo.git("status", "--porcelain")).toBe("A  notes.txt\n");
  });

  it("--branch puts the change on a new branch and leaves the checkout as it was", () => {
    repo = makeJsProject();
    const task = acceptedTask(repo);
    const head = repo.git("rev-parse", "HEAD").trim();
    const r = runJson<Report>(repo.root, ["--branch", "leash/fix", task]);
    expect(r.status).toBe(0);
    expect(repo.git("rev-parse", "HEAD").trim()).toBe(head);
    expect(repo.read("src/add.js").toString()).toBe(ADD_BUGGY);
    expect(repo.git("show", "leash/fix:src/add.js")).toBe(ADD_FIXED);
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(r.report?.undo).toBe("git branch -D leash/fix");
    const undo = runLeash(repo.root, ["undo", "last"]);
    expect(undo.status).toBe(2);
    expect(undo.stderr).toContain("hint: undo it with git: git branch -D leash/fix");
  });

  it("--branch refuses an existing branch before doing anything (exit 2)", () => {
    repo = makeJsProject();
    const task = acceptedTask(repo);
    repo.git("branch", "taken");
    const before = repo.snapshot({ includeLeash: true });
    const r = runLeash(repo.root, ["run", "--branch", "taken", task]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/already exists/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("undo reverse-applies an accepted change, and refuses when the lines were edited since", () => {
    repo = makeJsProject();
    const task = acceptedTask(repo);
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(0);
    const runId = r.report!.runId;
    expect(runLeash(repo.root, ["undo", runId]).status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_BUGGY);

    const again = runJson<Report>(repo.root, [task]);
    repo.write("src/add.js", ADD_FIXED.replace("a + b", "b + a"));
    const refused = runLeash(repo.root, ["undo", again.report!.runId]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/changed since/);
    expect(repo.read("src/add.js").toString()).toContain("b + a");
    expect(runLeash(repo.root, ["undo", "--force", again.report!.runId]).status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_BUGGY);
  });

  it("runs and show list what happened", () => {
    repo = makeJsProject();
    const task = acceptedTask(repo);
    const r = runJson<Report>(repo.root, [task]);
    const runs = runLeash(repo.root, ["runs"]);
    expect(runs.status).toBe(0);
    expect(runs.stdout).toContain(r.report!.runId);
    expect(runs.stdout).toContain("accepted");
    const show = runLeash(repo.root, ["show", r.report!.runId.slice(0, 17)]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain("+  return a + b;");
  });
});
