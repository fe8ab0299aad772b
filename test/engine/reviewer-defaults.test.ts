import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import {
  ADD_BUGGY,
  ADD_FIXED,
  addReturning,
  diffFor,
  makeJsProject,
  writeTask,
} from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

/**
 * The shipped defaults must let every role make a call inside the default task budget: a task
 * stuck at the top of the ladder reaches the gpt-5-pro reviewer instead of a budget block.
 */

let repo: TempRepo;
afterEach(() => repo?.cleanup());

type Report = {
  status: string;
  rolePath: string[];
  reviews: { role: string; calls: { maxOutputTokens: number }[] }[];
  attempts: { outcome: string }[];
};

describe("shipped defaults and the reviewer", () => {
  it("a stagnating task reaches the reviewer, whose call fits the default $0.50 task budget", () => {
    repo = makeJsProject();
    const wrong = { unified_diff: diffFor(ADD_BUGGY, addReturning("a * b")) };
    const task = writeTask(repo, "feature", {
      intent: "feature",
      fake: {
        responses: [
          wrong,
          wrong,
          { diagnosis: "the operator is wrong: use +" },
          { unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) },
        ],
      },
    });
    const r = runJson<Report>(repo.root, [task]);
    expect(r.report?.status).toBe("accepted");
    expect(r.status).toBe(0);
    expect(r.report?.reviews.map((v) => v.role)).toEqual(["frontier_reviewer"]);
    expect(r.report?.reviews[0]?.calls[0]?.maxOutputTokens).toBe(2000);
    expect(r.report?.attempts.map((a) => a.outcome)).toEqual([
      "validators_failed",
      "validators_failed",
      "accepted",
    ]);
  });

  it("leash check warns, with the numbers, when a role can never fit its budgets", () => {
    repo = makeJsProject({
      budget: { task_default_usd: 0.3 },
      roles: { frontier_reviewer: { max_output_tokens: 4000 } },
    });
    const r = runLeash(repo.root, ["check"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /warning: role frontier_reviewer \(gpt-5-pro\) can never fit budget\.task_default_usd \$0\.30: one call reserves at least \$0\.48\d+ \(4,000 output tokens × \$120\/1M \+ 64 input tokens of margin\); lower roles\.frontier_reviewer\.max_output_tokens to \d+ or less/,
    );
    expect(runLeash(makeDefaultsRepo(), ["check"]).stderr).not.toMatch(/warning/);
  });

  it("a role cap or max_output_tokens_per_call below the OpenAI minimum of 16 is refused", () => {
    repo = makeJsProject({ roles: { simple_builder: { max_output_tokens: 8 } } });
    const r = runLeash(repo.root, ["check"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/roles\.simple_builder\.max_output_tokens/);
    const other = makeJsProject({ limits: { max_output_tokens_per_call: 15 } });
    try {
      const o = runLeash(other.root, ["check"]);
      expect(o.status).toBe(2);
      expect(o.stderr).toMatch(/limits\.max_output_tokens_per_call/);
    } finally {
      other.cleanup();
    }
  });
});

let extra: TempRepo | undefined;
afterEach(() => extra?.cleanup());
function makeDefaultsRepo(): string {
  extra = makeJsProject();
  return extra.root;
}
