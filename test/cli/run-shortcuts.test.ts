import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  diffFor,
  INLINE_FIX_ARGS,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/** `last`, id prefixes, and what `runs`/`show`/`undo` say once a run was undone. */

type Report = { runId: string; status: string };

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe("run shortcuts and undone runs", () => {
  it("show last / undo last act on the newest run; runs and show then say undone; a second undo says so", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "fix", {
      fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
    });
    const r = runJson<Report>(repo.root, [task]);
    expect(r.status).toBe(0);
    const runId = r.report!.runId;

    const show = runLeash(repo.root, ["show", "last"]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain(`run ${runId}`);

    const html = runLeash(repo.root, ["show", "last", "--html", "out/report.html"]);
    expect(html.status, html.stderr).toBe(0);
    expect(repo.read("out/report.html").toString()).toMatch(/<table class="diff">/);
    repo.git("clean", "-fdq", "out");

    const undo = runLeash(repo.root, ["undo", "last"]);
    expect(undo.status).toBe(0);
    expect(repo.read("src/add.js").toString()).toBe(ADD_BUGGY);

    const runs = runLeash(repo.root, ["runs", "--json"]);
    expect(
      (JSON.parse(runs.stdout) as { id: string; status: string }[]).find((x) => x.id === runId)?.status,
    ).toBe("undone");
    const shown = runLeash(repo.root, ["show", runId.slice(0, 18)]);
    expect(shown.stdout).toMatch(/↶ undone/);
    expect(shown.stdout).not.toMatch(/in the working tree/);

    const before = repo.snapshot({ includeLeash: true });
    const again = runLeash(repo.root, ["undo", runId]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/already undone/);
    expect(again.stderr).not.toMatch(/--force/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("`last` with no runs is invalid input with a hint", () => {
    repo = makeJsProject();
    const r = runLeash(repo.root, ["show", "last"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no runs/);
  });
});

describe("task arguments", () => {
  it("check expands a quoted glob the same way run does", () => {
    repo = makeJsProject();
    writeTask(repo, "one", { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } });
    writeTask(repo, "two", { fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] } });
    const r = runLeash(repo.root, ["check", "tasks/*.yaml"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tasks: 2 ok/);
  });

  it("check and run report every invalid task at once, and run changes nothing", () => {
    repo = makeJsProject();
    repo.write(
      "tasks/bad-a.yaml",
      "version: 1\ngoal: fix it\nallowed_files: [src/add.js]\nvalidators: [nope-a]\n",
    );
    repo.write(
      "tasks/bad-b.yaml",
      "version: 1\ngoal: fix it\nallowed_files: [src/add.js]\nvalidators: [nope-b]\n",
    );
    repo.commitAll("tasks");
    const before = repo.snapshot({ includeLeash: true });
    for (const command of ["check", "run"]) {
      const r = runLeash(repo.root, [command, "tasks/*.yaml"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("bad-a.yaml");
      expect(r.stderr).toContain("bad-b.yaml");
    }
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });
});

describe("inline tasks", () => {
  it("run --goal --allow --check with no provider enabled stops before anything: nothing could answer it", () => {
    // An inline task scripts no fake answers; on the built-in fake every call would come back
    // empty. With a provider it runs (test/cli/run-openai.test.ts).
    repo = makeJsProject();
    const before = repo.snapshot();
    const r = runLeash(repo.root, ["run", ...INLINE_FIX_ARGS]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\[provider\.fake_unscripted\]/);
    expect(r.stderr).toMatch(/enable a provider in leash\.yaml/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(repo.root, ".leash", "runs"))).toBe(false);
  });

  it("a task file with nothing scripted on the fake: plan warns, run stops before its lock with the same code", () => {
    repo = makeJsProject();
    const task = writeTask(repo, "bare", {});
    const plan = runLeash(repo.root, ["plan", "--json", task]);
    expect(plan.status, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { warnings: string[] }).warnings).toEqual([
      expect.stringMatching(/`leash run` would stop before any call \[provider\.fake_unscripted\]/),
    ]);
    const before = repo.snapshot({ includeLeash: true });
    const run = runLeash(repo.root, ["run", task]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\[provider\.fake_unscripted\]/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("an inline task with an unknown validator is refused like a task file, and nothing changes", () => {
    repo = makeJsProject();
    const before = repo.snapshot();
    const r = runLeash(repo.root, ["run", "--goal", "fix it", "--allow", "src/add.js", "--check", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope/);
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git("status", "--porcelain").trim()).toBe("");
  });

  it("no task and no --goal is a usage error with the two ways in", () => {
    repo = makeJsProject();
    const r = runLeash(repo.root, ["run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--goal/);
  });
});
