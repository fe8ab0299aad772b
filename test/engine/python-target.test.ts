import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { diffFor } from "../helpers/js-project.js";
import { runJson } from "../helpers/leash-cli.js";

/**
 * A Python target with the real ruff, mypy and pytest as validators: a patch that breaks the
 * types is rolled back, the next one is accepted. Skipped, saying why, where the tools are missing
 * (.ci/run installs them from the wheels on the machine image).
 */

function toolMissing(): string | null {
  for (const mod of ["ruff", "mypy", "pytest"]) {
    const r = spawnSync("python3", ["-m", mod, "--version"], { encoding: "utf8" });
    if (r.status !== 0) return `python3 -m ${mod} is not available`;
  }
  return null;
}
const missing = toolMissing();
if (missing) console.warn(`skipping the Python target tests: ${missing}`);

const BUGGY = "def mean(values: list[float]) -> float:\n    return sum(values) / (len(values) + 1)\n";
const WRONG_TYPE = "def mean(values: list[float]) -> float:\n    return str(sum(values) / len(values))\n";
const FIXED = "def mean(values: list[float]) -> float:\n    return sum(values) / len(values)\n";

let repo: TempRepo;
afterEach(() => repo?.cleanup());

describe.skipIf(missing !== null)("a Python target with ruff, mypy and pytest", () => {
  it("rolls back a patch that breaks the types, then accepts the fix", () => {
    repo = makeTempRepo({
      ".gitignore": "__pycache__/\n.pytest_cache/\n.mypy_cache/\n.ruff_cache/\n",
      "stats/__init__.py": "",
      "stats/calc.py": BUGGY,
      "tests/test_calc.py":
        "from stats.calc import mean\n\n\ndef test_mean() -> None:\n    assert mean([1.0, 2.0, 3.0]) == 2.0\n",
      "leash.yaml": stringify({
        version: 1,
        baseline: "tolerate",
        commands: {
          lint: { argv: ["python3", "-m", "ruff", "check", "."], timeout_s: 120 },
          types: { argv: ["python3", "-m", "mypy", "stats"], timeout_s: 300 },
          unit: { argv: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"], timeout_s: 300 },
        },
      }),
      "tasks/mean.yaml": stringify({
        version: 1,
        goal: "mean([1, 2, 3]) must be 2.0",
        intent: "bugfix",
        allowed_files: ["stats/calc.py"],
        validators: ["lint", "types", "unit"],
        fake: {
          responses: [
            { unified_diff: diffFor(BUGGY, WRONG_TYPE, "stats/calc.py") },
            { unified_diff: diffFor(BUGGY, FIXED, "stats/calc.py") },
          ],
        },
      }),
    });
    const r = runJson<{
      status: string;
      attempts: { outcome: string; validators: { name: string; passed: boolean }[] }[];
    }>(repo.root, ["tasks/mean.yaml"]);
    expect(r.status).toBe(0);
    const [first, second] = r.report!.attempts;
    expect(first?.outcome).toBe("validators_failed");
    expect(first?.validators.find((v) => v.name === "types")?.passed).toBe(false);
    expect(second?.outcome).toBe("accepted");
    expect(repo.read("stats/calc.py").toString()).toBe(FIXED);
    expect(repo.git("status", "--porcelain")).toBe(" M stats/calc.py\n");
  });
});
