import { EXIT } from "../errors.js";
import type { RunReport } from "../report/report-types.js";
import { buildEscalationPacket, type EscalationPacket } from "./escalation-packet.js";
import type { EnginePorts } from "./ports.js";
import type { RunInput } from "./run-input.js";
import type { RunRecord } from "./run-record.js";

/** The evidence of a stuck run, for the reviewer and the operator (escalation.json). */
export function buildPacketFor(input: RunInput, record: RunRecord, reason: string): EscalationPacket {
  const calls = record.allCalls();
  return buildEscalationPacket({
    task: { ...input.task, intent: input.task.intent },
    routeHistory: record.route.map((r) => ({ role: r.role, model: r.model, reasons: r.reasons })),
    attempts: record.attempts.map((a) => ({
      attempt: a.attempt,
      role: a.role,
      model: a.model,
      outcome: a.metrics?.outcome ?? "parse_failed",
      patch: a.patchText,
      reason: a.outcome === "validators_failed" ? undefined : a.reason,
      failures: a.failureSignatures,
      verdict: a.verdict,
      costUsd: a.calls.reduce((s, c) => s + c.actualUsd, 0),
    })),
    costs: {
      estimatedUsd: calls.reduce((s, c) => s + c.projectedUsd, 0),
      actualUsd: calls.reduce((s, c) => s + c.actualUsd, 0),
      inputTokens: calls.reduce((s, c) => s + (c.usage?.input ?? 0), 0),
      outputTokens: calls.reduce((s, c) => s + (c.usage?.output ?? 0), 0),
    },
    reason,
  });
}

/** Stops the run for the operator: the tree is already at the checkpoint; the packet says why. */
export async function escalate(
  ports: EnginePorts,
  input: RunInput,
  record: RunRecord,
  reason: string,
): Promise<RunReport> {
  record.stage("escalate");
  const packet = buildPacketFor(input, record, reason);
  const file = ports.recorder.writeArtifact("escalation.json", `${JSON.stringify(packet, null, 2)}\n`);
  ports.recorder.emit("escalate", "packet_written", { file, reason });
  return record.finish(
    "escalated",
    EXIT.needsOperator,
    `escalated to the operator: ${reason}; packet at ${file}`,
    {
      escalationFile: file,
    },
  );
}
