import { cpSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CliContext } from "../../src/cli/context.js";
import { DEMO_SCENARIOS, demoRoot } from "../../src/cli/demo.js";
import { planCommand } from "../../src/cli/plan.js";
import { runCommand } from "../../src/cli/run.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

/**
 * `leash plan` and `leash run` decide through one code path: for every demo task, the plan's role,
 * tier (gpt-5.1 has no flex price, so flex falls back to default), projected first-call cost and
 * block decision are the run's. Both commands run in process against a copy of the demo repo.
 */

type Plan = {
  plan: {
    route: { ok: boolean; role?: string };
    tier: string | null;
    perAttemptUsd: number | null;
    worstCaseUsd: number | null;
    block: { code: string } | null;
  };
};
type Report = {
  status: string;
  rolePath: string[];
  block?: { code: string };
  attempts: { calls: { requestedTier: string; projectedUsd: number; role: string }[] }[];
  totals: { actualUsd: number };
};

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

function capture(cwd: string): { ctx: CliContext; out: string[] } {
  const out: string[] = [];
  return {
    out,
    ctx: {
      cwd,
      out: (t) => out.push(t),
      err: () => {},
      quiet: true,
      verbose: false,
      color: false,
      isTty: false,
    },
  };
}

describe("plan agrees with run", () => {
  for (const scenario of DEMO_SCENARIOS) {
    it(`on ${scenario.file}`, async () => {
      repo = makeTempRepo({}, { commit: false });
      cpSync(join(demoRoot(), "example"), repo.root, { recursive: true });
      cpSync(join(demoRoot(), "tasks"), join(repo.root, "tasks"), { recursive: true });
      repo.commitAll("demo");
      const task = join(repo.root, "tasks", scenario.file);

      const planned = capture(repo.root);
      const planExit = await planCommand(planned.ctx, task, { json: true });
      const { plan } = JSON.parse(planned.out.join("\n")) as Plan;

      const ran = capture(repo.root);
      const runExit = await runCommand(ran.ctx, [task], { provider: "fake", json: true });
      const report = JSON.parse(ran.out.at(-1) as string) as Report;
      expect(runExit).toBe(scenario.expectedExit);

      const firstCall = report.attempts[0]?.calls[0];
      if (plan.block) {
        // The run stops exactly where the plan said, before any call.
        expect(report.status).toBe("blocked");
        expect(report.block?.code).toBe(plan.block.code);
        expect(firstCall).toBeUndefined();
        expect(planExit).toBe(3);
      } else {
        expect(planExit).toBe(0);
        expect(report.block?.code ?? "").not.toMatch(/^(budget|route)\./);
        expect(firstCall?.role).toBe(plan.route.role);
        expect(firstCall?.requestedTier).toBe(plan.tier);
        expect(firstCall?.projectedUsd).toBe(plan.perAttemptUsd);
        expect(report.totals.actualUsd).toBeLessThanOrEqual(plan.worstCaseUsd ?? 0);
      }
      expect(report.rolePath[0] ?? plan.route.role).toBe(plan.route.role);
    });
  }

  it("the demo's bugfix role asks for flex, which gpt-5.1 does not offer, and goes out on default", async () => {
    repo = makeTempRepo({}, { commit: false });
    cpSync(join(demoRoot(), "example"), repo.root, { recursive: true });
    cpSync(join(demoRoot(), "tasks"), join(repo.root, "tasks"), { recursive: true });
    repo.commitAll("demo");
    const planned = capture(repo.root);
    await planCommand(planned.ctx, join(repo.root, "tasks/05-clamp-budget-block.yaml"), { json: true });
    const { plan } = JSON.parse(planned.out.join("\n")) as Plan & { plan: { route: { reasons: string[] } } };
    expect(plan.route.role).toBe("general_builder");
    expect((plan.route as { reasons: string[] }).reasons.join("\n")).toMatch(/skipped flex/);
    expect(plan.tier).toBe("default");
  });
});
