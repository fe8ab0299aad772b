// The tiny JS targets the engine bench runs Leash against, and the diffs its scripts answer with.
import { createTwoFilesPatch } from "diff";
import { stringify } from "yaml";

export const ADD_BUGGY = "export function add(a, b) {\n  return a - b;\n}\n";

export const addReturning = (expr, extra = "") =>
  `export function add(a, b) {\n${extra}  return ${expr};\n}\n`;

export function diffFor(from, to, path = "src/add.js") {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, from, to, "", "", { context: 3 })
    .replace(/^=+\n/m, "")
    .replace(/^Index:.*\n/m, "")
    .replace(/\t$/gm, "");
}

/**
 * A validator that costs one node start: imports src/add.js and checks add(2, 3). The value it
 * got is in the message, so different wrong patches give different failure signatures.
 */
export const FAST_CHECK = [
  "node",
  "-e",
  'import("./src/add.js").then((m) => { const v = m.add(2, 3); if (v !== 5) { console.error("src/add.js:2:3: error: add(2, 3) returned " + v + ", expected 5"); process.exit(1); } })',
];

/** Budgets high enough that repeated bench runs sharing one ledger never block. */
export const ROOMY_BUDGET = {
  project_total_budget_usd: 10_000,
  role_budgets_usd: {
    mechanical_worker: 1000,
    simple_builder: 1000,
    general_builder: 1000,
    coding_optimized_builder: 1000,
    frontier_reviewer: 1000,
  },
  task_default_usd: 100,
};

export function leashYaml(commands, limits = {}) {
  return stringify({ version: 1, budget: ROOMY_BUDGET, limits, commands });
}

export function taskYaml(task) {
  return stringify({
    version: 1,
    goal: "add(2, 3) must return 5; it returns -1.",
    intent: "bugfix",
    allowed_files: ["src/add.js"],
    ...task,
  });
}
