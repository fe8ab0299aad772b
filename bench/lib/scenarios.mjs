// The five scripted scenarios of the dollars comparison. Output usage is set per answer
// (SPEC §4 `usage:`) at sizes a reasoning model at medium effort plausibly spends, so the
// dollars are not only input.
import { calcDiff } from "./calc-project.mjs";

const PATCH_USAGE = { output_tokens: 1600, reasoning_tokens: 1200 };
const REWRITE_USAGE = { output_tokens: 3200, reasoning_tokens: 1800 };
const PROSE_USAGE = { output_tokens: 900, reasoning_tokens: 500 };

/** What the reviewer answers when Leash asks it; the fixed loop never sees these entries. */
const DIAGNOSIS = {
  forReviewer: true,
  diagnosis: {
    summary: "add() subtracts its operands",
    root_cause: "src/calc.js line 2 returns a - b",
    evidence: ["not ok 1 - adds: expected 5, got 6 or -1", "the other three tests pass"],
    suggested_plan: ["change line 2 of src/calc.js to return a + b", "touch nothing else"],
    confidence: 0.8,
  },
  usage: { output_tokens: 3000, reasoning_tokens: 2400 },
};

const patch = (parts, usage = PATCH_USAGE) => ({ unified_diff: calcDiff(parts), usage });

const FIX = patch({ add: "  return a + b;" });

/** A whole-file rewrite that grows with n and breaks more of the suite each time. */
function rewrite(n) {
  const helpers = Array.from(
    { length: 8 * n },
    (_, i) => `// step ${i}: normalise the operands before ${["adding", "subtracting"][i % 2]}`,
  ).join("\n");
  return patch(
    {
      add: `${helpers}\n  return Math.round(a) * Math.round(b);`,
      sub: "  return b - a;",
      mul: `  return a * b + ${n};`,
    },
    REWRITE_USAGE,
  );
}

function prose(n) {
  const fence = "```";
  return {
    raw: `Sure! The bug is in add(): it subtracts instead of adding (take ${n}). Here is the fix:\n\n${fence}diff\n${calcDiff({ add: "  return a + b;" })}${fence}\n\nLet me know if you want tests for it.`,
    usage: PROSE_USAGE,
  };
}

export const MAX_ATTEMPTS = 5;

/** The script with the reviewer's answer at the call where Leash's policy asks for one. */
function withReviewerAt(index, builderAnswers) {
  return [...builderAnswers.slice(0, index), DIAGNOSIS, ...builderAnswers.slice(index)];
}

/** The answers a builder gets, in order: what the fixed loop is served. */
export const builderAnswers = (responses) => responses.filter((r) => !r.forReviewer);

/** The task's `fake.responses`: the script without the bench's own marker. */
export const taskResponses = (responses) => responses.map(({ forReviewer, ...r }) => r);

export const SCENARIOS = [
  { name: "accepted first try", responses: [FIX] },
  {
    name: "fixed on the 3rd attempt",
    responses: [
      patch({ add: "  return a + b + 1;", sub: "  return b - a;" }),
      patch({ add: "  return a * b;" }),
      FIX,
    ],
  },
  {
    name: "stagnation (same patch)",
    responses: withReviewerAt(
      3,
      Array.from({ length: MAX_ATTEMPTS }, () => patch({ add: "  return a * b;" })),
    ),
  },
  {
    name: "divergence (growing)",
    responses: [patch({ add: "  return a * b;" }), rewrite(1), rewrite(2), rewrite(3), rewrite(4)],
  },
  {
    name: "unparsable output",
    responses: withReviewerAt(
      2,
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => prose(i + 1)),
    ),
  },
];
