import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "../../helpers/git-repo.js";
import { diffFor } from "../../helpers/js-project.js";
import { runJson, runLeash } from "../../helpers/leash-cli.js";
import { largePython, largeTypeScript, PY_BUGGY, PY_FIXED, TS_BUGGY, TS_FIXED } from "./large-module.js";

/**
 * Regions on large real-shaped modules, end to end through the CLI: the model sees the named
 * definition and an outline, the input per attempt falls by far, and a hunk outside is refused.
 */

type Report = {
  status: string;
  exitCode: number;
  runId: string;
  totals: { estimatedInputTokens: number };
  attempts: { outcome: string; code?: string; reason?: string }[];
};

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const PY_CHECK = [
  "python3",
  "-c",
  "import core; assert core.Parameter('x').get_usage_pieces() == ['x', 'x'], core.Parameter('x').get_usage_pieces()",
];

function pythonRepo(limits: Record<string, number> = {}): TempRepo {
  return makeTempRepo({
    "core.py": largePython(),
    "leash.yaml": stringify({
      version: 1,
      commands: { usage: { argv: PY_CHECK, timeout_s: 60 } },
      // The seeded bug fails on the clean tree; the baseline has its own tests.
      baseline: "skip",
      limits,
    }),
  });
}

function task(r: TempRepo, name: string, allowed: unknown, diff: string): string {
  r.write(
    `tasks/${name}.yaml`,
    stringify({
      version: 1,
      goal: "Parameter.get_usage_pieces must list the name twice",
      intent: "bugfix",
      allowed_files: [allowed],
      validators: ["usage"],
      budget: { max_attempts: 1 },
      fake: { responses: [{ unified_diff: diff }] },
    }),
  );
  r.commitAll(name);
  return `tasks/${name}.yaml`;
}

describe("symbol regions on a 4,000-line Python module", () => {
  const source = largePython();
  const fixed = source.replace(PY_BUGGY, PY_FIXED);
  const patch = diffFor(source, fixed, "core.py");

  it("accepts the fix with ten times fewer input tokens than the whole file, and shows an outline", () => {
    repo = pythonRepo({ max_input_tokens_per_call: 200000, max_context_chars_per_call: 800000 });
    const whole = runJson<Report>(repo.root, [task(repo, "whole", "core.py", patch)]);
    expect(whole.status, whole.stderr).toBe(0);
    repo.git("checkout", "--", "core.py");
    const scoped = runJson<Report>(repo.root, [
      task(repo, "scoped", { path: "core.py", symbols: ["Parameter.get_usage_pieces"] }, patch),
    ]);
    expect(scoped.status, scoped.stderr).toBe(0);
    expect(repo.read("core.py").toString()).toBe(fixed);
    const ratio = whole.report!.totals.estimatedInputTokens / scoped.report!.totals.estimatedInputTokens;
    expect(ratio).toBeGreaterThanOrEqual(10);
    console.info(
      `input tokens per attempt: whole file ${whole.report!.totals.estimatedInputTokens}, symbol region ${scoped.report!.totals.estimatedInputTokens} (${ratio.toFixed(1)}x fewer)`,
    );
    const prompt = repo.read(`.leash/runs/${scoped.report!.runId}/attempts/1/prompt.txt`).toString();
    expect(prompt).toContain("def get_usage_pieces(self):");
    expect(prompt).toMatch(/not shown/);
    expect(prompt).toMatch(/Outline of the rest of core\.py/);
    expect(prompt).toMatch(/\|\s*class Parameter:/);
    expect(prompt).toMatch(/more definitions not listed/);
    expect(prompt).not.toContain('"""Helper number 1."""');
  });

  it("refuses a hunk outside the declared region (patch.outside_region) and leaves the file as it was", () => {
    repo = pythonRepo();
    const outside = diffFor(source, source.replace("    total += 1\n", "    total += 100\n"), "core.py");
    const before = repo.read("core.py");
    const r = runJson<Report>(repo.root, [
      task(repo, "outside", { path: "core.py", symbols: ["get_usage_pieces"] }, outside),
    ]);
    expect(r.status).toBe(1);
    expect(r.report!.attempts[0]!.code).toBe("patch.outside_region");
    expect(repo.read("core.py")).toEqual(before);
  });

  it("an unknown symbol is an error at check, with did-you-mean", () => {
    repo = pythonRepo();
    task(repo, "typo", { path: "core.py", symbols: ["Parameter.get_usage_piece"] }, patch);
    const r = runLeash(repo.root, ["check", "tasks/typo.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no definition Parameter\.get_usage_piece in core\.py/);
    expect(r.stderr).toMatch(/did you mean `Parameter\.get_usage_pieces`/);
  });
});

describe("line regions and outlines on a 3,000-line TypeScript module", () => {
  const source = largeTypeScript();
  const fixed = source.replace(TS_BUGGY, TS_FIXED);
  const line = source.split("\n").indexOf(TS_BUGGY.trimEnd()) + 1;

  it("path#Lstart-end scopes the patch; the method is found by symbol too", () => {
    repo = makeTempRepo({
      "src/box.ts": source,
      "leash.yaml": stringify({
        version: 1,
        commands: {
          grep: { argv: ["grep", "-q", "this.width \\* this.height", "src/box.ts"], timeout_s: 30 },
        },
        baseline: "skip",
      }),
    });
    repo.write(
      "tasks/area.yaml",
      stringify({
        version: 1,
        goal: "Box.area must multiply",
        intent: "bugfix",
        allowed_files: [`src/box.ts#L${line - 1}-${line + 1}`],
        context_files: [{ path: "src/box.ts", symbols: ["Box.area"] }],
        validators: ["grep"],
        budget: { max_attempts: 1 },
        fake: { responses: [{ unified_diff: diffFor(source, fixed, "src/box.ts") }] },
      }),
    );
    repo.commitAll("task");
    const r = runJson<Report>(repo.root, ["tasks/area.yaml"]);
    expect(r.status, r.stderr).toBe(0);
    expect(repo.read("src/box.ts").toString()).toBe(fixed);
    const prompt = repo.read(`.leash/runs/${r.report!.runId}/attempts/1/prompt.txt`).toString();
    expect(prompt.length).toBeLessThan(source.length / 10);
    expect(prompt).toMatch(/export class Box \{/);
  });
});
