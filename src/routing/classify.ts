import { INTENTS, type Intent, PATCH_INTENTS } from "../config/schema.js";
import type { ResolvedTask } from "../task/schema.js";
import {
  DOC_FILE,
  FILE_RULE_WEIGHT,
  INTENT_PRIORITY,
  TEST_FILE,
  TINY_FILE_BYTES,
  WORD_RULES,
} from "./classify-rules.js";

/** What the caller knows about the allowed files (read from disk by the caller). */
export interface FileFacts {
  files: { path: string; bytes: number; exists: boolean }[];
}

/**
 * Where an intent came from: the task file, Leash's rules, or the classification worker
 * (only when the rules had no signal at all; see reconcileClassifier).
 */
export interface TaskClassification {
  intent: Intent;
  source: "task" | "rules" | "classifier";
  confidence: number;
  reasons: string[];
  /** Per-intent scores the rules produced (empty when the task gave the intent). */
  scores: Partial<Record<Intent, number>>;
}

const isPatchIntent = (intent: Intent): boolean => (PATCH_INTENTS as readonly string[]).includes(intent);

function fileRuleScores(
  task: ResolvedTask,
  facts: FileFacts,
  reasons: string[],
): Partial<Record<Intent, number>> {
  const paths = task.allowedFiles;
  const scores: Partial<Record<Intent, number>> = {};
  if (paths.length === 0) return scores;
  if (paths.every((p) => DOC_FILE.test(p))) {
    scores.docs = FILE_RULE_WEIGHT.onlyDocs;
    reasons.push(`files: every allowed file is documentation (+${FILE_RULE_WEIGHT.onlyDocs} docs)`);
  } else if (paths.every((p) => TEST_FILE.test(p))) {
    scores.tests = FILE_RULE_WEIGHT.onlyTests;
    reasons.push(`files: every allowed file is a test file (+${FILE_RULE_WEIGHT.onlyTests} tests)`);
  }
  const only = facts.files.length === 1 ? facts.files[0] : undefined;
  if (paths.length === 1 && only?.exists && only.bytes <= TINY_FILE_BYTES) {
    scores.mechanical = FILE_RULE_WEIGHT.tinySingleFile;
    reasons.push(
      `files: one tiny file (${only.bytes} bytes ≤ ${TINY_FILE_BYTES}) (+${FILE_RULE_WEIGHT.tinySingleFile} mechanical)`,
    );
  }
  return scores;
}

function pickTop(
  scores: Partial<Record<Intent, number>>,
  allowed: (i: Intent) => boolean,
): Intent | undefined {
  let best: Intent | undefined;
  for (const intent of INTENT_PRIORITY) {
    const score = scores[intent] ?? 0;
    if (score > 0 && allowed(intent) && (best === undefined || score > (scores[best] ?? 0))) best = intent;
  }
  return best;
}

/**
 * The task's own intent when it gives one; otherwise a weighted vote of the goal's wording
 * (classify-rules.ts) and the allowed files' kinds and sizes. Documented in docs/routing.md.
 */
export function classifyTask(task: ResolvedTask, facts: FileFacts): TaskClassification {
  if (task.intent !== undefined) {
    return {
      intent: task.intent,
      source: "task",
      confidence: 1,
      reasons: [`intent ${task.intent} given by the task`],
      scores: {},
    };
  }
  const reasons: string[] = [];
  const scores = fileRuleScores(task, facts, reasons);
  for (const rule of WORD_RULES) {
    const match = rule.pattern.exec(task.goal);
    if (!match) continue;
    scores[rule.intent] = (scores[rule.intent] ?? 0) + rule.weight;
    reasons.push(`goal: "${match[0]}" matches ${rule.label} (+${rule.weight} ${rule.intent})`);
  }
  const canPatch = task.allowedFiles.length > 0;
  const top = pickTop(scores, (i) => canPatch || !isPatchIntent(i));
  if (top === undefined) {
    const fallback: Intent = canPatch ? "bugfix" : "diagnose";
    const matchedAny = Object.keys(scores).length > 0;
    reasons.push(
      canPatch
        ? "no rule matched: defaulting to bugfix (general builder), the middle of the ladder"
        : `${matchedAny ? "only patch intents matched" : "no rule matched"} and there are no allowed files: defaulting to diagnose (nothing can be patched)`,
    );
    return { intent: fallback, source: "rules", confidence: 0.3, reasons, scores };
  }
  if (!canPatch && pickTop(scores, () => true) !== top) {
    reasons.push("no allowed files: patch intents set aside");
  }
  const topScore = scores[top] ?? 0;
  const total = INTENTS.reduce((sum, i) => sum + (scores[i] ?? 0), 0);
  // Share of the vote, scaled down when the winning evidence is thin (a single weak hint).
  const confidence = Math.round((topScore / total) * Math.min(1, 0.55 + 0.15 * topScore) * 100) / 100;
  reasons.push(`chosen: ${top} with score ${topScore} of ${total}`);
  return { intent: top, source: "rules", confidence, reasons, scores };
}
