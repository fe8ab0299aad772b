import { EXIT, isLeashError } from "../errors.js";
import type { AttemptRecord, ValidatorSummary } from "../report/report-types.js";
import type { RouteChoice } from "../routing/route.js";
import { buildAttemptContext } from "./attempt-context.js";
import type { Feedback } from "./feedback.js";
import type { EnginePorts, ValidatorRun } from "./ports.js";
import { stopIfFatal } from "./provider-stop.js";
import { callRoute } from "./routed-call.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";
import { judgeAgainstBaseline } from "./tolerate-known.js";

/**
 * One builder attempt: context → guarded call → parse → safety → apply → validators.
 * Leaves the working tree either with an accepted patch or exactly at the checkpoint.
 */
export async function runAttempt(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  route: RouteChoice,
  n: number,
  feedback: Feedback | undefined,
  atRisk: Set<string>,
): Promise<AttemptRecord> {
  const { task } = input;
  const started = ports.now();
  const attempt: AttemptRecord = {
    attempt: n,
    role: route.role,
    model: route.model,
    outcome: "provider_failed",
    calls: [],
    repairs: [],
    filesTouched: [],
    validators: [],
    durationMs: 0,
  };
  record.attempts.push(attempt);
  const done = () => {
    attempt.durationMs = Math.round(ports.now() - started);
    return attempt;
  };

  let context: Awaited<ReturnType<typeof buildAttemptContext>>;
  let result: Awaited<ReturnType<typeof callRoute>>;
  try {
    record.stage(`attempt ${n}: context`);
    context = await buildAttemptContext(ports, input.task, route, feedback);
    // What the prompt left out or showed in part is the report's too, not only the prompt's.
    if (context.trimmed.length > 0) attempt.contextNotes = [...context.trimmed];

    record.stage(`attempt ${n}: call`);
    result = await callRoute(ports, input, record, route, {
      wantedOutput: "patch",
      instructions: context.instructions,
      input: context.input,
      contextChars: context.chars,
      attempt: n,
      // What was sent, after the secret scan, never the raw context.
      onScanned: (sent) =>
        ports.recorder.writeArtifact(`attempts/${n}/prompt.txt`, `${sent.instructions}\n\n${sent.input}`),
    });
  } catch (error) {
    // A budget or limit block ends the run; the attempt says so instead of looking like a failure.
    if (isLeashError(error) && error.exitCode === EXIT.blocked) {
      attempt.outcome = "blocked";
      attempt.code = error.code;
      attempt.reason = error.message;
      done();
    }
    throw error;
  }
  attempt.calls.push(...result.calls);
  if (!result.ok) {
    attempt.outcome = "provider_failed";
    attempt.code = `provider.${result.error.kind}`;
    attempt.reason =
      result.error.kind === "truncated"
        ? "your previous answer was cut off at the output limit; send a smaller patch"
        : `the provider call failed: ${result.error.kind}: ${result.error.message}`;
    if (result.error.extra.rawText)
      ports.recorder.writeArtifact(`attempts/${n}/response.txt`, result.error.extra.rawText);
    done();
    stopIfFatal(result.error, result.calls.length);
    return attempt;
  }
  const response = result.response;
  ports.recorder.writeArtifact(`attempts/${n}/response.txt`, response.rawText);
  const output = response.output;
  if (output === null || (output.kind !== "unified_diff" && output.kind !== "edits")) {
    attempt.outcome = "parse_failed";
    attempt.code = "output.parse";
    attempt.reason =
      output === null
        ? (response.parseError ?? "the output could not be read")
        : `a patch was asked for, but the answer was a ${output.kind}${output.kind === "diagnosis" ? `: ${output.diagnosis.summary}` : ""}`;
    return done();
  }

  record.stage(`attempt ${n}: patch`);
  attempt.answerFormat = output.kind;
  attempt.patchApplied = false;
  const prepared = await ports.workspace.preparePatch(output);
  attempt.repairs = prepared.repairs;
  if (!prepared.ok) {
    attempt.outcome = prepared.stage === "parse" ? "parse_failed" : "refused";
    attempt.code = prepared.code;
    attempt.reason = prepared.reason;
    ports.recorder.emit("patch", "refused", {
      attempt: n,
      stage: prepared.stage,
      code: prepared.code,
      reason: prepared.reason,
    });
    return done();
  }
  attempt.patchFile = ports.recorder.writeArtifact(`attempts/${n}/patch.diff`, prepared.diffText);
  attempt.patchText = prepared.diffText;
  attempt.diffstat = prepared.diffstat;
  attempt.filesTouched = prepared.files;

  record.stage(`attempt ${n}: apply`);
  for (const path of prepared.files) atRisk.add(path);
  await ports.workspace.markAtRisk([...atRisk]);
  const applied = await ports.workspace.apply(prepared);
  if (!applied.ok) {
    attempt.outcome = "apply_failed";
    attempt.code = `apply.${applied.stage}`;
    attempt.reason = applied.reason;
    await ports.workspace.rollback([...atRisk]);
    atRisk.clear();
    return done();
  }
  attempt.patchApplied = true;

  record.stage(`attempt ${n}: validate`);
  const validatorRuns = judgeAgainstBaseline(
    await ports.runValidators(task.validators, input.signal),
    input.knownFailures,
    record.intent === "bugfix",
  );
  const safety = { ...(await patchSafetyCheck(ports, prepared.files)), tolerated: 0 };
  const runs = [...validatorRuns, safety];
  // What a validator changed outside the patch is put back too when the attempt is rolled back.
  for (const f of safety.failures) if (f.file) atRisk.add(f.file);
  attempt.validators = runs.map(
    (r): ValidatorSummary => ({
      name: r.name,
      passed: r.passed,
      exitCode: r.exitCode,
      timedOut: r.timedOut,
      durationMs: Math.round(r.durationMs),
      failureCount: r.failureCount,
      failures: r.failures.slice(0, 20).map((f) => f.raw),
      ...(r.tolerated > 0 ? { knownFailures: r.tolerated } : {}),
    }),
  );
  for (const r of runs) ports.recorder.writeArtifact(`attempts/${n}/validators/${r.name}.txt`, r.output);
  ports.recorder.emit("validate", "done", {
    attempt: n,
    results: attempt.validators.map((v) => [v.name, v.passed]),
  });
  const complete = runs.length === task.validators.length + 1 && !input.signal?.aborted;
  if (complete && runs.every((r) => r.passed)) {
    attempt.outcome = "accepted";
    return done();
  }
  attempt.outcome = "validators_failed";
  attempt.reason = failureText(runs);
  attempt.failureSignatures = runs.flatMap((r) => r.failures);
  record.stage(`attempt ${n}: rollback`);
  await ports.workspace.rollback([...atRisk]);
  atRisk.clear();
  return done();
}

function failureText(runs: { name: string; passed: boolean; output: string; timedOut: boolean }[]): string {
  return runs
    .filter((r) => !r.passed)
    .map((r) => `validator ${r.name} failed${r.timedOut ? " (timed out)" : ""}:\n${r.output}`)
    .join("\n\n");
}

/**
 * The built-in validator: after the task's validators ran, the only paths that differ from the
 * checkpoint are the patch's own. A validator that rewrote another file fails the attempt.
 */
async function patchSafetyCheck(ports: EnginePorts, patchFiles: string[]): Promise<ValidatorRun> {
  const started = ports.now();
  const unexpected = await ports.workspace.unexpectedChanges(patchFiles);
  const output =
    unexpected.length === 0
      ? "only the patch's files changed"
      : `changed outside the patch: ${unexpected.join(", ")}`;
  return {
    name: "patch-safety",
    passed: unexpected.length === 0,
    exitCode: unexpected.length === 0 ? 0 : 1,
    timedOut: false,
    durationMs: ports.now() - started,
    output,
    failureCount: unexpected.length,
    failures: unexpected.map((path) => ({
      validator: "patch-safety",
      category: "other",
      file: path,
      text: `changed outside the patch: ${path}`,
      raw: `changed outside the patch: ${path}`,
      signatureHash: `patch-safety:${path}`,
    })),
  };
}
