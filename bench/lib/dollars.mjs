// Part 2 of the engine bench: dollars spent by Leash against the fixed retry loop, per scenario.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { calcFiles } from "./calc-project.mjs";
import { runFixedLoop } from "./fixed-loop.mjs";
import { leashRunJson } from "./leash-cli.mjs";
import { makeBenchRepo } from "./repo.mjs";
import { builderAnswers, MAX_ATTEMPTS, taskResponses } from "./scenarios.mjs";

const UNIT = { name: "unit", argv: ["node", "--test"] };

function repoWith(files) {
  const repo = makeBenchRepo("leash-bench-dollars-");
  for (const [path, content] of Object.entries(files)) repo.write(path, content);
  repo.commitAll("initial");
  return repo;
}

export function compareScenario(scenario) {
  const files = calcFiles(
    { limits: { max_attempts_per_task: MAX_ATTEMPTS } },
    { budget: { max_attempts: MAX_ATTEMPTS }, fake: { responses: taskResponses(scenario.responses) } },
  );
  const leashRepo = repoWith(files);
  const loopRepo = repoWith(files);
  try {
    const { report } = leashRunJson(leashRepo.root, "tasks/task.yaml");
    const first = report.attempts[0]?.calls[0];
    if (!first) throw new Error(`${scenario.name}: Leash made no builder call (${report.message})`);
    const basePrompt = readFileSync(
      join(leashRepo.root, ".leash", "runs", report.runId, "attempts", "1", "prompt.txt"),
      "utf8",
    );
    const loop = runFixedLoop({
      repo: loopRepo,
      responses: builderAnswers(scenario.responses),
      maxAttempts: MAX_ATTEMPTS,
      validators: [UNIT],
      basePrompt,
      model: first.model,
      tier: first.actualTier ?? first.requestedTier,
      maxOutputTokens: first.maxOutputTokens,
    });
    return { scenario: scenario.name, report, loop, model: first.model, tier: first.actualTier };
  } finally {
    leashRepo.cleanup();
    loopRepo.cleanup();
  }
}
