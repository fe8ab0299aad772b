import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ledger } from "../../../src/budget/ledger/contract.js";
import { openLedger } from "../../../src/budget/ledger/open.js";
import { createBudgetPort } from "../../../src/cli/adapters/budget.js";
import type { LeashConfig } from "../../../src/config/schema.js";
import type { EnginePorts } from "../../../src/engine/ports.js";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../../../src/providers/contract.js";
import type { ResolvedTask } from "../../../src/task/schema.js";

/** One scripted step: an answer, or an error to throw. */
export type Step = ProviderResponse | Error;

export interface CallHarness {
  ports: EnginePorts;
  ledger: Ledger;
  requests: ProviderRequest[];
  events: { stage: string; event: string; data?: Record<string, unknown> }[];
  close(): Promise<void>;
}

/**
 * The ports a guarded call needs, over the real budget adapter and a real SQLite ledger in a
 * temporary directory, with a provider that serves `steps` in order and logs every request.
 */
export async function callHarness(
  config: LeashConfig,
  task: ResolvedTask,
  steps: Step[],
  providerName: "fake" | "openai" = "openai",
): Promise<CallHarness> {
  const dir = mkdtempSync(join(tmpdir(), "leash-call-"));
  const ledger = await openLedger(join(dir, "ledger.sqlite"));
  const requests: ProviderRequest[] = [];
  const events: CallHarness["events"] = [];
  const provider: RoleProvider = {
    name: providerName,
    async call(request) {
      requests.push(request);
      const step = steps.shift();
      if (step === undefined) throw new Error("the script ran out");
      if (step instanceof Error) throw step;
      return step;
    },
  };
  const ports: EnginePorts = {
    provider,
    budget: createBudgetPort(config, task, ledger, { provider: providerName, pid: process.pid }),
    workspace: undefined as never,
    runValidators: async () => [],
    recorder: {
      emit: (stage, event, data) => events.push({ stage, event, data }),
      stage: () => {},
      endStage: () => {},
      writeArtifact: (path) => path,
    },
    now: () => Date.now(),
    sleep: async () => {},
  };
  return {
    ports,
    ledger,
    requests,
    events,
    close: async () => {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A successful answer with the given usage. */
export function answer(
  request: Partial<ProviderResponse> & { usage: ProviderResponse["usage"] },
): ProviderResponse {
  return {
    rawText: "{}",
    output: {
      kind: "diagnosis",
      diagnosis: { summary: "s", root_cause: "r", evidence: [], suggested_plan: [], confidence: 0.5 },
    },
    usageReported: true,
    model: "gpt-5-mini",
    serviceTier: "default",
    finishReason: "stop",
    latencyMs: 1,
    ...request,
  } as ProviderResponse;
}
