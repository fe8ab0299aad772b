import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { diffFor } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";

/**
 * Eight scripted tasks at --concurrency 4 on one repository: each in its own worktree, each
 * accepted change on its own branch, failures leaving no trace, one ledger under one budget.
 */

type Report = {
  taskId: string;
  status: string;
  exitCode: number;
  totals: { actualUsd: number };
  change: { branch?: string };
  message: string;
};

const N = 8;
const buggy = (i: number) => `export function f${i}(x) {\n  return x - ${i};\n}\n`;
const fixed = (i: number) => `export function f${i}(x) {\n  return x + ${i};\n}\n`;
const wrong = (i: number) => `export function f${i}(x) {\n  return x * ${i};\n}\n`;

let repo: TempRepo;
afterEach(() => repo?.cleanup());

function project(budget: Record<string, unknown>, usage?: Record<string, number>): TempRepo {
  const files: Record<string, string> = { "package.json": '{ "type": "module" }\n' };
  const commands: Record<string, unknown> = {};
  for (let i = 1; i <= N; i++) {
    files[`src/f${i}.js`] = buggy(i);
    files[`test/f${i}.test.js`] =
      `import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { f${i} } from "../src/f${i}.js";\ntest("f${i}", () => assert.equal(f${i}(1), ${1 + i}));\n`;
    commands[`t${i}`] = { argv: ["node", "--test", `test/f${i}.test.js`], timeout_s: 60 };
    // Odd tasks get the fix, even ones a wrong patch and a single attempt.
    const patch = i % 2 === 1 ? fixed(i) : wrong(i);
    files[`tasks/task${i}.yaml`] = stringify({
      version: 1,
      goal: `f${i}(1) must be ${1 + i}`,
      intent: "bugfix",
      allowed_files: [`src/f${i}.js`],
      validators: [`t${i}`],
      budget: { max_attempts: 1 },
      fake: {
        responses: [{ unified_diff: diffFor(buggy(i), patch, `src/f${i}.js`), ...(usage ? { usage } : {}) }],
      },
    });
  }
  files["leash.yaml"] = stringify({ version: 1, baseline: "skip", commands, budget });
  return makeTempRepo(files);
}

describe("leash run --concurrency", () => {
  it("runs eight tasks four at a time: accepted ones on their own branches, failed ones leave no trace", async () => {
    repo = project({});
    const head = repo.git("rev-parse", "HEAD").trim();
    const before = repo.snapshot();
    const r = runLeash(repo.root, ["run", "--json", "--concurrency", "4", "tasks/*.yaml"]);
    expect(r.status).toBe(1);
    const reports = JSON.parse(r.stdout) as Report[];
    expect(reports).toHaveLength(N);
    for (const report of reports) {
      const i = Number(report.taskId.replace("task", ""));
      if (i % 2 === 1) {
        expect(report.status).toBe("accepted");
        expect(report.change.branch).toBe(`leash/task${i}`);
        expect(repo.git("diff", "--name-only", `${head}..leash/task${i}`).trim()).toBe(`src/f${i}.js`);
        expect(repo.git("show", `leash/task${i}:src/f${i}.js`)).toBe(fixed(i));
      } else {
        expect(report.status).toBe("not_accepted");
        expect(repo.git("branch", "--list", `leash/task${i}`).trim()).toBe("");
      }
    }
    expect(repo.git("rev-parse", "HEAD").trim()).toBe(head);
    expect(repo.snapshot()).toEqual(before);
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(repo.git("worktree", "list").trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/task\s+status\s+role path\s+attempts\s+cost\s+branch/);

    const rows = await ledgerRows(repo.root);
    const ledgerUsd = rows.reduce((s, row) => s + (row.actualUsd ?? 0), 0);
    const reportUsd = reports.reduce((s, rep) => s + rep.totals.actualUsd, 0);
    expect(ledgerUsd).toBeCloseTo(reportUsd, 6);
  });

  it("a project budget too small for all eight: the blocked tasks say so and spend never passes it", async () => {
    const budgetUsd = 0.15;
    repo = project({ project_total_budget_usd: budgetUsd }, { input_tokens: 1000, output_tokens: 4000 });
    const r = runLeash(repo.root, ["run", "--json", "--concurrency", "4", "tasks/*.yaml"]);
    const reports = JSON.parse(r.stdout) as Report[];
    const blocked = reports.filter((rep) => rep.status === "blocked");
    expect(blocked.length).toBeGreaterThan(0);
    for (const rep of blocked) expect(rep.message).toMatch(/blocked: project budget/);
    expect(r.status).toBe(3);
    const rows = await ledgerRows(repo.root);
    const spent = rows.reduce((s, row) => s + (row.actualUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(budgetUsd);
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("a rerun of the same batch puts each accepted change on a new branch beside the earlier one", () => {
    repo = project({ project_total_budget_usd: 5 });
    const batch = ["run", "--json", "--concurrency", "2", "tasks/task1.yaml", "tasks/task3.yaml"];
    const first = runLeash(repo.root, batch);
    expect(first.status, first.stderr).toBe(0);
    const second = runLeash(repo.root, batch);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/--branch/);
    const branches = (JSON.parse(second.stdout) as Report[]).map((r) => r.change.branch).sort();
    expect(branches).toEqual(["leash/task1-2", "leash/task3-2"]);
    expect(repo.git("branch", "--list", "leash/*").split("\n").filter(Boolean)).toHaveLength(4);
  });
});
