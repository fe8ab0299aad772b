import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRepoConfig } from "../../src/cli/load-repo-config.js";
import { TaskInvalid } from "../../src/config/file-invalid.js";
import { loadTask } from "../../src/task/load.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const CONFIG = `version: 1
commands:
  typecheck: { argv: [npx, tsc, --noEmit], timeout_s: 300 }
  unit: { argv: [npx, vitest, run], timeout_s: 600 }
`;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

async function setup(files: Record<string, string>) {
  const repo = makeTempRepo({
    "leash.yaml": CONFIG,
    "src/duration.ts": "export {};\n",
    "src/gen/a.ts": "",
    "a.ts": "",
    ...files,
  });
  repos.push(repo);
  const loaded = await loadRepoConfig(repo.root);
  return { repo, loaded, path: (p: string) => join(repo.root, p) };
}

async function errorsOf(promise: Promise<unknown>) {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TaskInvalid);
  return (error as TaskInvalid).errors;
}

const GOOD = `version: 1
goal: fix it
intent: bugfix
allowed_files: [src/duration.ts, test/duration.test.ts, src/gen/**]
create_files: [test/duration.test.ts]
validators: [typecheck, unit]
forbidden_paths: [src/generated/**]
budget:
  max_usd: 0.4
limits:
  max_patch_bytes: 2000
fake:
  responses:
    - diagnosis: out of ideas
`;

describe("loadTask", () => {
  it("resolves a good task: id from the file name, inherited and tightened limits", async () => {
    const { loaded, path } = await setup({ "tasks/fix-duration.yaml": GOOD });
    const task = await loadTask(path("tasks/fix-duration.yaml"), loaded);
    expect(task.id).toBe("fix-duration");
    expect(task.file).toBe(path("tasks/fix-duration.yaml"));
    expect(task.budget).toEqual({ maxUsd: 0.4, maxAttempts: 3, maxRuntimeS: 1800 });
    expect(task.limits.maxPatchBytes).toBe(2000);
    expect(task.limits.maxOutputTokensPerCall).toBe(4000);
    expect(task.contextFiles).toEqual(["src/duration.ts", "src/gen/**"]);
    expect(task.forbiddenPaths).toContain(".git/**");
    expect(task.forbiddenPaths).toContain("src/generated/**");
    expect(task.fakeResponses).toEqual([{ diagnosis: "out of ideas" }]);
  });

  it("--max-usd may tighten but never loosen", async () => {
    const { loaded, path } = await setup({ "t.yaml": GOOD });
    expect((await loadTask(path("t.yaml"), loaded, { maxUsd: 0.1 })).budget.maxUsd).toBe(0.1);
    const errors = await errorsOf(loadTask(path("t.yaml"), loaded, { maxUsd: 3 }));
    expect(errors[0]?.code).toBe("task.loosens_limit");
  });

  it("a loosened limit is an error at the task's field naming the config's value and file", async () => {
    const { loaded, path } = await setup({
      "t.yaml": "version: 1\ngoal: g\nintent: diagnose\nbudget:\n  max_usd: 0.9\n  max_attempts: 9\n",
    });
    const errors = await errorsOf(loadTask(path("t.yaml"), loaded));
    expect(errors.map((e) => e.code)).toEqual(["task.loosens_limit", "task.loosens_limit"]);
    expect(errors[0]?.location).toMatchObject({ line: 5, col: 12, field: "budget.max_usd" });
    expect(errors[0]?.message).toContain("budget.task_default_usd = 0.5");
    expect(errors[0]?.message).toContain("leash.yaml");
    expect(errors[0]?.hint).toMatch(/lower budget.max_usd to at most 0.5, or raise/);
    expect(errors[1]?.message).toContain("limits.max_attempts_per_task = 3");
  });

  it("validators must name config commands; unknown roles are refused", async () => {
    const { loaded, path } = await setup({
      "t.yaml":
        "version: 1\ngoal: g\nrole: general_bulder\nallowed_files: [a.ts]\nvalidators: [unit, unti2, lint]\n",
    });
    const errors = await errorsOf(loadTask(path("t.yaml"), loaded));
    expect(errors.map((e) => e.code)).toEqual([
      "task.unknown_role",
      "task.unknown_command",
      "task.unknown_command",
    ]);
    expect(errors[0]?.hint).toBe("did you mean `general_builder`?");
    expect(errors[1]?.location).toMatchObject({ line: 5, field: "validators.1" });
    expect(errors[1]?.message).toContain("typecheck, unit");
  });

  it("patch intents need allowed_files and validators; diagnose does not", async () => {
    const { loaded, path } = await setup({
      "patch.yaml": "version: 1\ngoal: g\n",
      "diag.yaml": "version: 1\ngoal: g\nintent: diagnose\n",
    });
    const errors = await errorsOf(loadTask(path("patch.yaml"), loaded));
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining("`allowed_files`"),
      expect.stringContaining("`validators`"),
    ]);
    expect((await loadTask(path("diag.yaml"), loaded)).validators).toEqual([]);
  });

  it("schema problems are positioned and suggest keys", async () => {
    const { loaded, path } = await setup({
      "t.yaml": "version: 1\ngoal: g\nalowed_files: [a]\nintent: fixbug\n",
    });
    const errors = await errorsOf(loadTask(path("t.yaml"), loaded));
    const unknown = errors.find((e) => e.code === "task.unknown_key");
    expect(unknown?.location).toMatchObject({ line: 3, col: 1 });
    expect(unknown?.hint).toContain("did you mean `allowed_files`?");
    expect(errors.find((e) => e.code === "task.invalid_value")?.location?.line).toBe(4);
  });

  it("a fake answer of one form is checked as that form: the missing key is named, not 'no form matched'", async () => {
    const edits =
      "fake:\n  responses:\n    - edits:\n        - { path: src/duration.ts, find: a, replace: b }\n";
    const { loaded, path } = await setup({ "t.yaml": `version: 1\ngoal: g\n${edits}` });
    const [error] = await errorsOf(loadTask(path("t.yaml"), loaded));
    expect(error?.code).toBe("task.invalid_value");
    expect(error?.message).toBe("expected one of replace, create, found nothing (the key is missing)");
    expect(error?.hint).toBe("add `fake.responses.0.edits.0.op`: one of replace, create");
    expect(error?.location?.line).toBe(6);
    // An entry whose keys fit no form, or several, still gets the general message.
    const both = "fake:\n  responses:\n    - { raw: x, diagnosis: y }\n";
    const { loaded: l2, path: p2 } = await setup({ "t.yaml": `version: 1\ngoal: g\n${both}` });
    const [general] = await errorsOf(loadTask(p2("t.yaml"), l2));
    expect(general?.message).toMatch(
      /^matches none of the allowed forms; found a mapping with keys raw, diagnosis/,
    );
    // A mapping where a path or a mapping may stand: its unknown key is checked against the
    // mapping's keys (the list used to be empty, with "no keys to choose from").
    const typo = "allowed_files:\n  - { path: src/duration.ts, symbol: [parse] }\n";
    const { loaded: l3, path: p3 } = await setup({ "t.yaml": `version: 1\ngoal: g\n${typo}` });
    const [entry] = await errorsOf(loadTask(p3("t.yaml"), l3));
    expect(entry?.code).toBe("task.unknown_key");
    expect(entry?.message).toContain("expected one of: path, lines, symbols, outline");
    expect(entry?.hint).toContain("did you mean `symbols`?");
  });

  it("a task file that is a list, not a mapping, is told what to write", async () => {
    const { loaded, path } = await setup({ "t.yaml": "- goal: g\n- intent: bugfix\n" });
    const [error] = await errorsOf(loadTask(path("t.yaml"), loaded));
    expect(error?.code).toBe("task.wrong_type");
    expect(error?.hint).toBe("write the whole task file as a mapping of `key: value` lines");
  });

  it("fake.script reads the response list relative to the task file", async () => {
    const { loaded, path } = await setup({
      "tasks/t.yaml": "version: 1\ngoal: g\nintent: diagnose\nfake:\n  script: scripts/s.json\n",
      "tasks/scripts/s.json": '[{"error": "rate_limit"}, {"diagnosis": "ok"}]',
      "tasks/bad.yaml": "version: 1\ngoal: g\nintent: diagnose\nfake:\n  script: bad.yaml.txt\n",
      "tasks/bad.yaml.txt": "- error: kaboom\n",
    });
    expect((await loadTask(path("tasks/t.yaml"), loaded)).fakeResponses).toEqual([
      { error: "rate_limit" },
      { diagnosis: "ok" },
    ]);
    const errors = await errorsOf(loadTask(path("tasks/bad.yaml"), loaded));
    expect(errors[0]?.location?.file).toContain("bad.yaml.txt");
    expect(errors[0]?.location?.line).toBe(1);
  });

  it("a missing task file is an input error", async () => {
    const { loaded, path } = await setup({});
    await expect(loadTask(path("nope.yaml"), loaded)).rejects.toMatchObject({
      code: "task.missing",
      exitCode: 2,
    });
  });
});
