import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recoverInterruptedRun } from "../../src/cli/recover-run.js";
import { isLeashError } from "../../src/errors.js";
import { readLock } from "../../src/git/lock.js";
import { createReplayProvider } from "../../src/providers/cassette/replay-provider.js";
import { deadPid } from "../helpers/dead-pid.js";
import type { TempRepo } from "../helpers/git-repo.js";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/**
 * Leash's own files read back from disk are checked, not cast: a damaged state, report, lock or
 * cassette is named with its field and the fix (exit 2), never a stack trace, and nothing changes.
 */

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const NO_TRACE = /at .+\(.+:\d+:\d+\)|TypeError|SyntaxError/;

function acceptedRun(): string {
  repo = makeJsProject();
  const task = writeTask(repo, "fix", {
    fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
  });
  const r = runJson<{ runId: string }>(repo.root, [task]);
  expect(r.status).toBe(0);
  return r.report!.runId;
}

/** A pid that just exited: the shape of a lock a crashed run leaves. */

function edit(path: string, change: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  change(value);
  writeFileSync(path, JSON.stringify(value));
}

describe("damaged report.json", () => {
  it("show and undo stop naming the file and the field; runs lists it as damaged; the tree is unchanged", () => {
    const runId = acceptedRun();
    const reportFile = join(repo.root, ".leash/runs", runId, "report.json");
    edit(reportFile, (r) => {
      (r.change as Record<string, unknown>).files = "src/add.js";
    });
    const before = repo.snapshot({ includeLeash: true });

    const show = runLeash(repo.root, ["show", runId]);
    expect(show.status).toBe(2);
    expect(show.stderr).toContain(`.leash/runs/${runId}/report.json`);
    expect(show.stderr).toContain("change.files");
    expect(show.stderr).toMatch(/report\.damaged/);
    expect(show.stderr).not.toMatch(NO_TRACE);

    const undo = runLeash(repo.root, ["undo", runId]);
    expect(undo.status).toBe(2);
    expect(undo.stderr).toContain("change.files");
    expect(repo.read("src/add.js").toString()).toBe(ADD_FIXED);

    const runs = runLeash(repo.root, ["runs"]);
    expect(runs.status).toBe(0);
    expect(runs.stdout).toMatch(new RegExp(`${runId}.*damaged`));
    expect(runs.stdout).toMatch(/report\.json: change\.files: run report is damaged/);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);
  });

  it("a report that is not JSON at all says so", () => {
    const runId = acceptedRun();
    writeFileSync(join(repo.root, ".leash/runs", runId, "report.json"), '{"runId": "x", ');
    const show = runLeash(repo.root, ["show", runId]);
    expect(show.status).toBe(2);
    expect(show.stderr).toMatch(/run report is damaged: not valid JSON/);
    expect(show.stderr).not.toMatch(NO_TRACE);
  });
});

describe("damaged state.json", () => {
  it("recover refuses to guess: exit 2 naming the field, the lock and the files left as they are", async () => {
    const runId = acceptedRun();
    const stateFile = join(repo.root, ".leash/runs", runId, "state.json");
    edit(stateFile, (s) => {
      s.status = "running";
      s.pathsAtRisk = [42];
    });
    // A lock left by a dead process naming that run: what a crash leaves behind.
    writeFileSync(
      join(repo.root, ".leash/lock"),
      `${JSON.stringify({ runId, pid: deadPid(), startedAt: new Date().toISOString() })}\n`,
    );
    const before = repo.snapshot({ includeLeash: true });
    const r = runLeash(repo.root, ["recover"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`.leash/runs/${runId}/state.json`);
    expect(r.stderr).toContain("pathsAtRisk.0");
    expect(r.stderr).toMatch(/state\.damaged/);
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(repo.snapshot({ includeLeash: true })).toEqual(before);

    const thrown = await recoverInterruptedRun(repo.root).catch((e: unknown) => e);
    expect(isLeashError(thrown) && thrown.code).toBe("state.damaged");
  });
});

describe("damaged lock", () => {
  it("a lock with the wrong shape names no run and no process: recover clears it", async () => {
    repo = makeJsProject();
    mkdirSync(join(repo.root, ".leash"));
    writeFileSync(join(repo.root, ".leash/lock"), '{"runId": 7, "pid": "12"}\n');
    expect(await readLock(repo.root)).toEqual({ runId: "", pid: 0, startedAt: "" });
    const r = runLeash(repo.root, ["recover"]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });
});

describe("damaged cassette", () => {
  it("a hand-edited usage is refused at load, naming the line and the field", () => {
    repo = makeJsProject();
    const line = (usage: unknown) =>
      JSON.stringify({
        v: 1,
        digest: "d1",
        provider: "fake",
        request: {
          role: "general_builder",
          model: "gpt-5-mini",
          instructions: "i",
          input: "x",
          wantedOutput: "patch",
          maxOutputTokens: 100,
          reasoningEffort: "low",
          serviceTier: "default",
          taskId: "t",
          attempt: 1,
        },
        response: {
          rawText: "",
          output: null,
          usage,
          usageReported: true,
          model: "gpt-5-mini",
          serviceTier: "default",
          finishReason: "stop",
          latencyMs: 1,
        },
      });
    const file = join(repo.root, "calls.jsonl");
    const good = { input: 1, cachedInput: 0, output: 1, reasoning: 0 };
    writeFileSync(file, `${line(good)}\n${line({ ...good, output: "lots" })}\n`);
    const thrown = (() => {
      try {
        createReplayProvider(file);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(isLeashError(thrown) && thrown.code).toBe("replay.bad_line");
    expect(isLeashError(thrown) && thrown.location).toMatchObject({
      line: 2,
      field: "response.usage.output",
    });
  });
});
