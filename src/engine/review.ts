import type { OutputKind } from "../config/schema.js";
import type { Classification, Diagnosis } from "../contract/model-output.js";
import { EXIT } from "../errors.js";
import type { ProviderError } from "../providers/contract.js";
import type { CallRecord, RunReport } from "../report/report-types.js";
import { type RouteChoice, routeTask } from "../routing/route.js";
import { buildAttemptContext } from "./attempt-context.js";
import { buildPacketFor } from "./escalate.js";
import type { EnginePorts } from "./ports.js";
import { stopIfFatal } from "./provider-stop.js";
import { routeWithApproval } from "./route-with-approval.js";
import { callRoute } from "./routed-call.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";

/**
 * Calls that answer in words, not patches: the reviewer's diagnosis of a stuck run, and the
 * whole job of diagnose / classify / summarize tasks.
 */

export async function askReviewer(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  why: string,
): Promise<Diagnosis | null> {
  const decision = await routeWithApproval(ports, input, {
    intent: "diagnose",
    role: input.config.routing.reviewer,
  });
  if (!decision.ok) {
    ports.recorder.emit("review", "unavailable", { reasons: decision.reasons });
    return null;
  }
  record.addRoute(decision);
  record.stage("review");
  const packet = buildPacketFor(input, record, why);
  const question = `${input.task.goal}\n\n# Escalation packet\n${JSON.stringify(packet, null, 2)}`;
  const answer = await askOnce(ports, input, record, decision, "diagnosis", question, record.attempts.length);
  record.reviews.push({ role: decision.role, diagnosis: answer.diagnosis, calls: answer.calls });
  if (answer.fatal) stopIfFatal(answer.fatal, answer.calls.length);
  return answer.diagnosis;
}

/** Diagnose / classify / summarize tasks: one answer is the whole result (exit 0). */
export async function askForAnswer(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  route: RouteChoice,
): Promise<RunReport> {
  record.stage("answer");
  const answer = await askOnce(ports, input, record, route, route.output, input.task.goal, 1);
  record.reviews.push({ role: route.role, diagnosis: answer.diagnosis, calls: answer.calls });
  if (answer.fatal) stopIfFatal(answer.fatal, answer.calls.length);
  if (answer.diagnosis) {
    ports.recorder.writeArtifact("diagnosis.json", JSON.stringify(answer.diagnosis, null, 2));
    return record.finish("diagnosed", EXIT.accepted, `diagnosis produced by ${route.role}`, {
      diagnosis: answer.diagnosis,
    });
  }
  if (answer.classification) {
    return record.finish("classified", EXIT.accepted, `classification produced by ${route.role}`, {
      classificationAnswer: answer.classification,
    });
  }
  return record.finish(
    "not_accepted",
    EXIT.notAccepted,
    `no usable ${route.output} from ${route.role}: ${answer.problem}`,
  );
}

/**
 * routing.use_classifier: the classification_worker's opinion on a task without an intent.
 * Returns null when no classifier is routed or it gave no usable answer; the rules then stand.
 */
export async function askClassifier(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
): Promise<{ intent: Classification["intent"]; confidence: number; rationale: string } | null> {
  const decision = routeTask({
    task: {},
    intent: "classify",
    config: input.config,
    approvals: input.approvals,
  });
  if (!decision.ok || decision.output !== "classification") {
    ports.recorder.emit("classify", "classifier_unavailable", { reasons: decision.reasons });
    return null;
  }
  const answer = await askOnce(ports, input, record, decision, "classification", input.task.goal, 0);
  record.reviews.push({ role: decision.role, diagnosis: null, calls: answer.calls });
  if (answer.fatal) stopIfFatal(answer.fatal, answer.calls.length);
  return answer.classification ?? null;
}

interface Answer {
  diagnosis: Diagnosis | null;
  classification?: NonNullable<RunReport["classificationAnswer"]>;
  problem?: string;
  /** A failure retrying cannot fix: the caller stops the run once the calls are recorded. */
  fatal?: ProviderError;
  calls: CallRecord[];
}

async function askOnce(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  route: RouteChoice,
  output: OutputKind,
  goal: string,
  attempt: number,
): Promise<Answer> {
  const context = await buildAttemptContext(
    ports,
    { ...input.task, goal },
    { output, model: route.model },
    undefined,
  );
  const result = await callRoute(ports, input, record, route, {
    wantedOutput: output,
    instructions: context.instructions,
    input: context.input,
    contextChars: context.chars,
    attempt,
  });
  if (!result.ok) {
    const failed: Answer = {
      diagnosis: null,
      problem: `${result.error.kind}: ${result.error.message}`,
      calls: result.calls,
    };
    if (result.error.fatal) failed.fatal = result.error;
    return failed;
  }
  const out = result.response.output;
  if (out?.kind === "diagnosis") return { diagnosis: out.diagnosis, calls: result.calls };
  if (out?.kind === "classification")
    return { diagnosis: null, classification: out.classification, calls: result.calls };
  return {
    diagnosis: null,
    problem: result.response.parseError ?? `expected a ${output}`,
    calls: result.calls,
  };
}
