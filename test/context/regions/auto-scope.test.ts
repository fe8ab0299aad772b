import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "../../helpers/git-repo.js";
import { diffFor } from "../../helpers/js-project.js";
import { runJson } from "../../helpers/leash-cli.js";
import { largePython, PY_BUGGY, PY_FIXED } from "./large-module.js";

/**
 * Automatic scoping (issue #16): an 8,000-line module does not fit the default limits whole. With
 * no regions declared the run is not blocked: attempt 1 sees an outline, the failing test's output
 * names the function, and attempt 2 sees that function and fixes it.
 */

type Report = {
  status: string;
  runId: string;
  attempts: { outcome: string; contextNotes?: string[]; calls: { estimatedInputTokens: number }[] }[];
};

let repo: TempRepo;
afterEach(() => repo?.cleanup());

const TEST_FILE = [
  "import core",
  "",
  'assert core.Parameter("x").get_usage_pieces() == ["x", "x"], "get_usage_pieces must list the name twice"',
  "",
].join("\n");

describe("automatic scoping of a file too large to send whole", () => {
  it("is not blocked on default limits, and the failing test brings the function in on the retry", () => {
    const source = largePython(8000);
    const fixed = source.replace(PY_BUGGY, PY_FIXED);
    // Attempt 1 cannot see the bug yet: it changes a helper the outline shows, and the test fails.
    const tailDoc = / {4}"""Tail helper \d+\."""/.exec(source)?.[0] ?? "";
    const wrong = diffFor(source, source.replace(tailDoc, '    """A tail helper."""'), "core.py");
    repo = makeTempRepo({
      "core.py": source,
      "test_core.py": TEST_FILE,
      "leash.yaml": stringify({
        version: 1,
        baseline: "skip",
        commands: { test: { argv: ["python3", "test_core.py"], timeout_s: 60 } },
      }),
      "tasks/fix.yaml": stringify({
        version: 1,
        goal: "the usage pieces of a parameter must list its name twice",
        intent: "bugfix",
        allowed_files: ["core.py"],
        validators: ["test"],
        budget: { max_attempts: 3 },
        fake: { responses: [{ unified_diff: wrong }, { unified_diff: diffFor(source, fixed, "core.py") }] },
      }),
    });
    const r = runJson<Report>(repo.root, ["tasks/fix.yaml"]);
    expect(r.status, r.stderr).toBe(0);
    // Attempt 1's change was rolled back with its failure; only the fix stays.
    expect(repo.read("core.py").toString()).toBe(fixed);
    const [first, second] = r.report!.attempts;
    expect(first?.contextNotes?.[0]).toMatch(
      /core\.py \(\d+ chars\) does not fit whole: shown as an outline only/,
    );
    expect(second?.contextNotes?.[0]).toMatch(/named Parameter\.get_usage_pieces/);
    const prompt = (n: number) =>
      repo.read(`.leash/runs/${r.report!.runId}/attempts/${n}/prompt.txt`).toString();
    expect(prompt(1)).not.toContain("def get_usage_pieces(self):");
    expect(prompt(1)).toMatch(/does not fit whole/);
    expect(prompt(2)).toContain("def get_usage_pieces(self):");
    expect(prompt(2)).toContain(PY_BUGGY.trimEnd());
    for (const a of r.report!.attempts) expect(a.calls[0]!.estimatedInputTokens).toBeLessThanOrEqual(32000);
  });

  it("a file Leash cannot parse still blocks, counting the editable part", () => {
    const big = `${"a line of notes that goes on for a while\n".repeat(8000)}`;
    repo = makeTempRepo({
      "notes.txt": big,
      "leash.yaml": stringify({
        version: 1,
        baseline: "skip",
        commands: { ok: { argv: ["git", "--version"], timeout_s: 30 } },
      }),
      "tasks/t.yaml": stringify({
        version: 1,
        goal: "tidy the notes",
        intent: "refactor",
        allowed_files: ["notes.txt"],
        validators: ["ok"],
        fake: { responses: [{ unified_diff: "" }] },
      }),
    });
    const before = repo.snapshot();
    const r = runJson<Report>(repo.root, ["tasks/t.yaml"]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/editable files alone need/);
    expect(repo.snapshot()).toEqual(before);
  });
});
