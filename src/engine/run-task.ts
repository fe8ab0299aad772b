import type { Intent } from "../config/schema.js";
import type { Diagnosis } from "../contract/model-output.js";
import {
  BlockedError,
  EXIT,
  isLeashError,
  LeashError,
  NeedsOperatorError,
  storageErrorFor,
} from "../errors.js";
import type { RunReport } from "../report/report-types.js";
import { classifyTask } from "../routing/classify.js";
import { nextOnLadder } from "../routing/ladder.js";
import { reconcileClassifier } from "../routing/reconcile-classifier.js";
import type { RouteChoice } from "../routing/route.js";
import { runAttempt } from "./attempt.js";
import { deliverAccepted } from "./deliver.js";
import { escalate } from "./escalate.js";
import type { Feedback } from "./feedback.js";
import { judge, producedAnswer } from "./judge.js";
import type { EnginePorts } from "./ports.js";
import { ProviderStopError } from "./provider-stop.js";
import { askClassifier, askForAnswer, askReviewer } from "./review.js";
import { routeWithApproval } from "./route-with-approval.js";
import type { RunInput } from "./run-input.js";
import { RunRecord } from "./run-record.js";

/**
 * The attempt loop (SPEC §1, §10), top to bottom: classify → route → attempts until one is
 * accepted or attempts, budget or time run out; after each failure the convergence verdict
 * decides whether to retry, climb the ladder, ask the reviewer, or stop for the operator.
 */
export async function runTask(ports: EnginePorts, input: RunInput): Promise<RunReport> {
  const { task, config } = input;
  const record = new RunRecord(
    { runId: input.runId, taskId: task.id, taskFile: task.file, provider: input.providerName },
    ports.now,
    (name) => ports.recorder.stage(name),
  );
  const atRisk = new Set<string>();
  try {
    record.stage("classify");
    const facts = await fileFacts(ports, task.allowedFiles);
    let classification = classifyTask(task, facts);
    if (task.intent === undefined && config.routing.use_classifier) {
      const answer = await askClassifier(ports, input, record);
      if (answer) classification = reconcileClassifier(classification, answer, task.allowedFiles.length > 0);
    }
    record.classify(classification.intent, classification.source, classification.reasons);
    ports.recorder.emit("classify", "done", { ...classification });

    record.stage("route");
    let route = await chooseRoute(ports, input, classification.intent);
    record.addRoute(route);
    ports.recorder.emit("route", "chosen", { role: route.role, model: route.model, reasons: route.reasons });

    if (route.output !== "patch") {
      return await askForAnswer(ports, input, record, route);
    }

    let feedback: Feedback | undefined;
    // The reviewer's diagnosis keeps guiding every later attempt, not just the next one.
    let diagnosis: Diagnosis | undefined;
    for (let n = 1; n <= task.budget.maxAttempts; n++) {
      record.addRoute(route);
      const attempt = await runAttempt(ports, input, record, route, n, feedback, atRisk);
      if (input.signal?.aborted) {
        await rollbackQuietly(ports, atRisk);
        return record.finish(
          "not_accepted",
          EXIT.notAccepted,
          "interrupted; the working tree was rolled back",
        );
      }
      if (attempt.outcome === "accepted") {
        return await deliverAccepted(ports, input, record, attempt);
      }
      if (!producedAnswer(attempt)) {
        ports.recorder.emit("converge", "not_judged", { attempt: n, reason: attempt.reason });
        continue;
      }
      const verdict = judge(
        record.attempts.slice(0, -1).filter((a) => producedAnswer(a)),
        attempt,
        config,
      );
      ports.recorder.emit("converge", verdict.verdict, { attempt: n, reasons: verdict.reasons });
      feedback = { fromAttempt: attempt, diagnosis };
      if (verdict.verdict === "diverging") {
        return await escalate(ports, input, record, "diverging: the attempts are moving away from a fix");
      }
      if (n === task.budget.maxAttempts) break;
      if (verdict.verdict === "stagnating") {
        const next = nextOnLadder(route.role, config);
        if (next === null) {
          return await escalate(
            ports,
            input,
            record,
            `stagnating at the top of the escalation ladder (${route.role})`,
          );
        }
        route = await chooseRoute(ports, input, classification.intent, next);
        record.addRoute(route);
        ports.recorder.emit("route", "escalated", { role: route.role, reasons: route.reasons });
      }
      if (verdict.verdict === "diagnosis_needed") {
        // One review per run: a second call for help means the operator has to look.
        if (diagnosis !== undefined) {
          return await escalate(
            ports,
            input,
            record,
            "diagnosis needed again after the reviewer's diagnosis",
          );
        }
        const answer = await askReviewer(ports, input, record, "the builder attempts need a diagnosis");
        if (answer === null) {
          return await escalate(ports, input, record, "diagnosis needed and the reviewer gave none");
        }
        diagnosis = answer;
        feedback = { fromAttempt: attempt, diagnosis };
      }
    }
    return record.finish(
      "not_accepted",
      EXIT.notAccepted,
      `not accepted after ${record.attempts.length} attempt(s); the working tree was rolled back`,
    );
  } catch (error) {
    try {
      await rollbackQuietly(ports, atRisk);
    } catch (rollbackError) {
      return rollbackFailed(record, error, rollbackError);
    }
    return stopped(record, error);
  }
}

async function chooseRoute(
  ports: EnginePorts,
  input: RunInput,
  intent: Intent,
  role?: string,
): Promise<RouteChoice> {
  const decision = await routeWithApproval(ports, input, { intent, role });
  if (decision.ok) return decision;
  const message = `${decision.reasons.join("; ")}`;
  if (decision.refusal === "needs_approval") {
    throw new NeedsOperatorError(
      "route.needs_approval",
      `role ${decision.needsApproval} requires approval: ${message}`,
      {
        hint: decision.hint,
      },
    );
  }
  throw new BlockedError(`route.${decision.refusal}`, `blocked by policy: ${message}`, {
    hint: decision.hint,
  });
}

async function fileFacts(ports: EnginePorts, globs: string[]) {
  const paths = await ports.workspace.expandGlobs(globs);
  const files = await Promise.all(
    paths.map(async (path) => {
      const content = await ports.workspace.readFile(path);
      return { path, bytes: content?.length ?? 0, exists: content !== null };
    }),
  );
  return { files };
}

async function rollbackQuietly(ports: EnginePorts, atRisk: Set<string>): Promise<void> {
  if (atRisk.size === 0) return;
  await ports.workspace.rollback([...atRisk]);
  atRisk.clear();
}

/** The worst case: the run stopped and the tree could not be put back. Say so plainly. */
function rollbackFailed(record: RunRecord, error: unknown, rollbackError: unknown): RunReport {
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const message = `internal error: ${why(error)}; the rollback ALSO failed (${why(rollbackError)}): the working tree was NOT restored; run \`leash recover\``;
  return record.finish("internal_error", EXIT.internal, message, {
    block: { code: "engine.rollback_failed", message },
  });
}

function stopped(record: RunRecord, thrown: unknown): RunReport {
  // A full disk or an unwritable .leash/ is the machine's state: exit 2 naming the path, not 70.
  const error = storageErrorFor(thrown) ?? thrown;
  if (isLeashError(error) && error.exitCode === EXIT.blocked) {
    return record.finish("blocked", EXIT.blocked, error.message, {
      block: { code: error.code, message: error.message },
    });
  }
  if (isLeashError(error) && error.exitCode === EXIT.needsOperator) {
    return record.finish("needs_approval", EXIT.needsOperator, error.message, {
      block: { code: error.code, message: error.hint ? `${error.message} (${error.hint})` : error.message },
    });
  }
  if (error instanceof ProviderStopError) {
    const hint = error.hint ? `\n  fix: ${error.hint}` : "";
    return record.finish("provider_error", EXIT.invalidInput, `${error.message}${hint}`, {
      block: { code: error.code, message: error.hint ? `${error.message} (${error.hint})` : error.message },
    });
  }
  if (error instanceof LeashError && error.exitCode === EXIT.invalidInput) throw error;
  const message = error instanceof Error ? error.message : String(error);
  return record.finish(
    "internal_error",
    EXIT.internal,
    `internal error: ${message}; the working tree was rolled back`,
    {
      block: { code: isLeashError(error) ? error.code : "internal", message },
    },
  );
}
