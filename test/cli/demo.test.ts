import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { DEMO_SCENARIOS, demoRoot, runDemo } from "../../src/cli/demo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

// Each run gets its own TMPDIR so "nothing left behind" is checked on an otherwise empty folder.
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "leash-demo-test-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function demo(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: scratch, NO_COLOR: "1" };
  // The fake provider must need nothing from the environment.
  delete env.OPENAI_API_KEY;
  return spawnSync(process.execPath, [BIN, "demo", ...args], { cwd: scratch, env, encoding: "utf8" });
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error("dist/ is missing: run `npm run build` before this test");
});

describe("the bundled demo", () => {
  it("has exactly the task files the scenario table runs, in order", () => {
    const files = readdirSync(join(demoRoot(), "tasks")).filter((f) => f.endsWith(".yaml"));
    expect(files.sort()).toEqual(DEMO_SCENARIOS.map((s) => s.file));
  });

  it("ships an example whose tests fail until its seeded bugs are fixed", () => {
    const r = spawnSync(process.execPath, ["--test"], { cwd: join(demoRoot(), "example"), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/# fail [1-9]/);
  });
});

describe("leash demo", () => {
  it("runs every scenario to its expected exit, prints the ledger and leaves no temp dir", () => {
    const r = demo();
    // Piped, stderr carries only the plain progress lines of each run.
    expect(withoutProgress(r.stderr.split("\n").filter(Boolean))).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/accepted\s+slug-trim-dashes .*exit 0\)/);
    expect(r.stdout).toMatch(/accepted\s+duration-minutes .*exit 0\)/);
    expect(r.stdout).toMatch(/validators_failed\s+test_duration/);
    expect(r.stdout).toMatch(/accepted\s+median-numeric-sort .*exit 0\)/);
    expect(r.stdout).toMatch(/refused\s+patch\.not_allowed/);
    expect(r.stdout).toMatch(/escalated\s+clamp-order .*exit 4\)/);
    expect(r.stdout).toMatch(/blocked\s+clamp-order-cheap .*exit 3\)/);
    expect(r.stdout.match(/\(as expected\)/g)).toHaveLength(DEMO_SCENARIOS.length);
    expect(r.stdout).toMatch(/project leash-demo\s+\$2\.00/);
    expect(r.stdout).toMatch(/all 5 scenarios ended as expected/);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("with --keep leaves the repo, whose runs all used the fake provider", () => {
    const r = demo("--keep");
    expect(r.status).toBe(0);
    const kept = /demo repository kept at (.+)$/m.exec(r.stdout)?.[1];
    expect(kept).toBeDefined();
    const runsDir = join(kept as string, ".leash", "runs");
    const runs = readdirSync(runsDir);
    expect(runs).toHaveLength(DEMO_SCENARIOS.length);
    const reports = runs.map((id) => JSON.parse(readFileSync(join(runsDir, id, "report.json"), "utf8")));
    expect(reports.map((rep) => rep.provider)).toEqual(Array(DEMO_SCENARIOS.length).fill("fake"));
    const escalated = runs.filter((id) => existsSync(join(runsDir, id, "escalation.json")));
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatch(/clamp-order-[0-9a-f]+$/);
    // Accepted changes were committed between scenarios; the failed ones were rolled back.
    const status = spawnSync("git", ["status", "--porcelain"], { cwd: kept, encoding: "utf8" });
    expect(status.stdout).toBe("");
  });
});

describe("runDemo in-process", () => {
  function capture(): { ctx: CliContext; out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = {
      cwd: scratch,
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      quiet: false,
      verbose: false,
      color: false,
      isTty: false,
    };
    return { ctx, out, err };
  }

  it("exits 1 and names the scenario whose exit code differs from the expected one", async () => {
    const budget = DEMO_SCENARIOS.find((s) => s.file.startsWith("05-"));
    if (!budget) throw new Error("scenario 05 is missing");
    const { ctx, out, err } = capture();
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const code = await runDemo(ctx, {
        scenarios: [{ ...budget, expectedExit: 0, expectedStatus: "accepted" }],
      });
      expect(code).toBe(1);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    expect(out.join("\n")).toMatch(/→ exit 3 \(MISMATCH: expected exit 0\)/);
    expect(withoutProgress(err)).toEqual([
      "demo mismatch: 05-clamp-budget-block.yaml: expected exit 0 (accepted), got 3",
    ]);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

/** Drops the piped progress lines (`<ISO time> <run id> <stage> · …`) every run prints on stderr. */
function withoutProgress(lines: string[]): string[] {
  return lines.filter((l) => !/^\d{4}-\d\d-\d\dT\S+Z \S+ \S/.test(l));
}
