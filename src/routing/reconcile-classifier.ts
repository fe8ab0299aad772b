import { type Intent, PATCH_INTENTS } from "../config/schema.js";
import type { TaskClassification } from "./classify.js";

export interface ClassifierAnswer {
  intent: Intent;
  confidence: number;
  rationale?: string;
}

/** Below this the classifier is never trusted, even when the rules had nothing to say. */
export const CLASSIFIER_MIN_CONFIDENCE = 0.7;

/**
 * Conservative by design: the classification worker only confirms the rules, or fills in when
 * the rules had no signal at all (every score zero). Disagreement keeps the rules' answer and
 * says so. A task's own intent is never overridden. `canPatch` is false when the task has no
 * allowed files, so a patch intent from the classifier cannot be taken.
 */
export function reconcileClassifier(
  rules: TaskClassification,
  answer: ClassifierAnswer,
  canPatch = true,
): TaskClassification {
  const said = `classifier said ${answer.intent} (confidence ${answer.confidence})`;
  if (rules.source === "task") {
    return { ...rules, reasons: [...rules.reasons, `${said}; ignored: the task gives its intent`] };
  }
  if (answer.intent === rules.intent) {
    return {
      ...rules,
      confidence: Math.max(rules.confidence, Math.min(answer.confidence, 0.95)),
      reasons: [...rules.reasons, `${said}; agrees with the rules`],
    };
  }
  const rulesHadSignal = Object.values(rules.scores).some((s) => (s ?? 0) > 0);
  const patchable = canPatch || !(PATCH_INTENTS as readonly string[]).includes(answer.intent);
  if (!rulesHadSignal && patchable && answer.confidence >= CLASSIFIER_MIN_CONFIDENCE) {
    return {
      intent: answer.intent,
      source: "classifier",
      confidence: answer.confidence,
      reasons: [
        ...rules.reasons,
        `${said}; taken: the rules had no signal and confidence ≥ ${CLASSIFIER_MIN_CONFIDENCE}`,
      ],
      scores: rules.scores,
    };
  }
  const why = rulesHadSignal
    ? "the rules had evidence"
    : !patchable
      ? "a patch intent needs allowed files"
      : `confidence < ${CLASSIFIER_MIN_CONFIDENCE}`;
  return {
    ...rules,
    reasons: [
      ...rules.reasons,
      `${said}; disagrees with the rules' ${rules.intent}; kept the rules (${why})`,
    ],
  };
}
