import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import type { LeashError } from "../../src/errors.js";
import { loadTask } from "../../src/task/load.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { runLeash } from "../helpers/leash-cli.js";

/** Files that are not what they claim: pipes, directories, alias bombs, impossible ledger paths. */

const CONFIG = "version: 1\ncommands:\n  unit: { argv: [node, --test], timeout_s: 60 }\n";
const TASK = "version: 1\ngoal: g\nintent: bugfix\nallowed_files: [a.txt]\nvalidators: [unit]\n";
const BOMB = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
function repo(files: Record<string, string>): TempRepo {
  const r = makeTempRepo({ "a.txt": "a\n", ...files });
  repos.push(r);
  return r;
}
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as LeashError & { errors?: LeashError[] },
  );
const codesOf = (e: (LeashError & { errors?: LeashError[] }) | undefined) =>
  (e?.errors ?? [e]).map((x) => x?.code);

describe("named pipes and directories are refused without being opened", () => {
  it("a FIFO as a task file: exit 2 at once from leash check", async () => {
    const r = repo({ "leash.yaml": CONFIG });
    mkdirSync(join(r.root, "tasks"));
    execFileSync("mkfifo", [join(r.root, "tasks", "t.yaml")]);
    const check = runLeash(r.root, ["check", "tasks/t.yaml"]);
    expect(check.status).toBe(2);
    expect(check.stderr).toMatch(/tasks\/t\.yaml is a named pipe, not a regular file \[task\.not_a_file\]/);
  });

  it("a FIFO as leash.yaml: check, plan and run all exit 2", async () => {
    const r = repo({ "tasks/t.yaml": TASK });
    execFileSync("mkfifo", [join(r.root, "leash.yaml")]);
    for (const args of [["check"], ["plan", "tasks/t.yaml"], ["run", "tasks/t.yaml"]]) {
      const result = runLeash(r.root, args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/leash\.yaml is a named pipe/);
    }
  });

  it("a directory as a task file or --config", async () => {
    const r = repo({ "leash.yaml": CONFIG, "tasks/dir.yaml/x": "" });
    const loaded = await loadConfig({ cwd: r.root, repoRoot: r.root });
    expect(codesOf(await errorOf(loadTask(join(r.root, "tasks/dir.yaml"), loaded)))).toEqual([
      "task.not_a_file",
    ]);
    expect(
      codesOf(await errorOf(loadConfig({ cwd: r.root, repoRoot: r.root, configPath: "tasks/dir.yaml" }))),
    ).toEqual(["config.not_a_file"]);
  });
});

describe("YAML alias bombs", () => {
  it("in a task: a positioned error, exit 2, no stack trace", async () => {
    const r = repo({ "leash.yaml": CONFIG, "tasks/bomb.yaml": BOMB });
    const loaded = await loadConfig({ cwd: r.root, repoRoot: r.root });
    const error = await errorOf(loadTask(join(r.root, "tasks/bomb.yaml"), loaded));
    const [first] = error?.errors ?? [];
    expect(first?.code).toBe("task.yaml_aliases");
    expect(first?.location).toMatchObject({ line: 2, col: 8 });
    const check = runLeash(r.root, ["check", "tasks/bomb.yaml"]);
    expect(check.status).toBe(2);
    expect(check.stderr).not.toMatch(/ReferenceError|at .*\.js:\d+/);
  });

  it("in leash.yaml", async () => {
    const r = repo({ "leash.yaml": `${CONFIG}x-bomb:\n${BOMB.replace(/^/gm, "  ")}` });
    const check = runLeash(r.root, ["check"]);
    expect(check.status).toBe(2);
    expect(check.stderr).toMatch(/leash\.yaml:\d+:\d+: YAML aliases expand too far/);
  });
});

describe("ledger.path is checked at load, where check reports it", () => {
  it.each([
    ["a directory", "ledger: { path: somedir }", "config.ledger_not_a_file"],
    ["5,000 characters long", `ledger: { path: ${"x".repeat(5000)} }`, "config.ledger_path_too_long"],
    [
      "in a missing directory",
      "ledger: { path: /nonexistent-leash-dir/l.sqlite }",
      "config.ledger_no_directory",
    ],
  ])("%s", async (_what, yaml, code) => {
    const r = repo({ "leash.yaml": `${CONFIG}${yaml}\n`, "somedir/x": "" });
    expect(codesOf(await errorOf(loadConfig({ cwd: r.root, repoRoot: r.root })))).toEqual([code]);
  });

  it("the default inside .leash/ is fine before .leash exists", async () => {
    const r = repo({ "leash.yaml": CONFIG });
    expect((await loadConfig({ cwd: r.root, repoRoot: r.root })).config.ledger.path).toMatch(
      /ledger\.sqlite$/,
    );
  });
});

describe("file names git allows and a real repository may hold", () => {
  // A backslash is a name character on POSIX, `#` is not a region unless `#L…` follows, and the
  // glob characters are matched through picomatch's escapes. Names with control characters are
  // refused by rule (docs/patch-safety.md), not here.
  const NAMES = ["sp ace.js", "ünï cødé.js", 'qu"ote.js', "back\\slash.js", "-dash.js", "hash#1.js"];
  const GLOBBY = ["star*.js", "br[ack]et.js", "ques?.js"];

  it("a patch written by git's own diff (quoted names) lands on each, and undo puts every byte back", () => {
    const all = [...NAMES, ...GLOBBY];
    const r = repo({
      "leash.yaml": "version: 1\nbaseline: skip\ncommands:\n  v: { argv: [git, --version], timeout_s: 30 }\n",
      ...Object.fromEntries(all.map((n) => [`src/${n}`, `export const x = "${n.length}";\n`])),
    });
    for (const n of all) r.write(`src/${n}`, `export const x = "changed";\n`);
    const diff = r.git("diff");
    r.git("checkout", "--", ".");
    const allowed = [
      ...NAMES.map((n) => `src/${n}`),
      ...GLOBBY.map((n) => `src/${n.replace(/[*?[\]]/g, "\\$&")}`),
    ];
    const task = [
      "version: 1",
      "goal: every x is changed",
      "intent: bugfix",
      `allowed_files: ${JSON.stringify(allowed)}`,
      "validators: [v]",
      `fake: { responses: [{ unified_diff: ${JSON.stringify(diff)} }] }`,
    ].join("\n");
    r.write("tasks/t.yaml", `${task}\n`);
    r.commitAll("task");
    const before = r.snapshot();
    const run = runLeash(r.root, ["run", "--json", "tasks/t.yaml"]);
    expect(run.status, run.stderr).toBe(0);
    for (const n of all) expect(r.read(`src/${n}`).toString()).toBe(`export const x = "changed";\n`);
    const runId = (JSON.parse(run.stdout) as { runId: string }).runId;
    const undo = runLeash(r.root, ["undo", runId]);
    expect(undo.status, undo.stderr).toBe(0);
    expect(r.snapshot()).toEqual(before);
  });
});
