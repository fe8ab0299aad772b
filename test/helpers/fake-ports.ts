import type { BudgetPort, EnginePorts, RunRecorder } from "../../src/engine/ports.js";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "../../src/providers/contract.js";

/**
 * Small fakes of the engine's ports, for tests that run the engine in process in milliseconds:
 * a scripted provider that logs its calls, an in-memory budget with a ledger of rows, a recorder
 * that keeps events. Each is a plain object implementing the port; no module is mocked.
 */

export type Scripted = Partial<ProviderResponse> | Error;

export function scriptedProvider(script: Scripted[]): RoleProvider & { calls: ProviderRequest[] } {
  const calls: ProviderRequest[] = [];
  return {
    name: "fake",
    calls,
    async call(request) {
      calls.push(request);
      const next = script.shift();
      if (next === undefined) throw new Error("the script ran out");
      if (next instanceof Error) throw next;
      return {
        rawText: "",
        output: null,
        usage: { input: 100, cachedInput: 0, output: 50, reasoning: 0 },
        usageReported: true,
        model: request.model,
        serviceTier: request.serviceTier,
        finishReason: "stop",
        latencyMs: 1,
        ...next,
      };
    },
  };
}

export interface LedgerRow {
  id: string;
  tier: string;
  projectedUsd: number;
  status: "reserved" | "settled" | "released";
  actualUsd?: number;
}

/** $1 per 1M input and output tokens; `tiers` lists the priced ones for every model. */
export function memoryBudget(
  options: { tiers?: string[]; taskUsd?: number } = {},
): BudgetPort & { rows: LedgerRow[] } {
  const tiers = options.tiers ?? ["default", "flex"];
  const rows: LedgerRow[] = [];
  const find = (id: string) => rows.find((r) => r.id === id)!;
  return {
    rows,
    price: (_model, tier) => (tiers.includes(tier) ? { input: 1, output: 1 } : null),
    projectedUsd: (input, output, price) => (input * price.input + output * price.output) / 1e6,
    actualUsd: (usage, price) => (usage.input * price.input + usage.output * price.output) / 1e6,
    async reserve(ask) {
      const spent = rows.reduce(
        (s, r) =>
          s + (r.status === "settled" ? (r.actualUsd ?? 0) : r.status === "reserved" ? r.projectedUsd : 0),
        0,
      );
      if (spent + ask.projectedUsd > (options.taskUsd ?? ask.taskBudgetUsd)) {
        const { BlockedError } = await import("../../src/errors.js");
        throw new BlockedError("budget.task", "blocked: task budget");
      }
      const id = String(rows.length + 1);
      rows.push({ id, tier: ask.requestedTier, projectedUsd: ask.projectedUsd, status: "reserved" });
      return id;
    },
    async settle(id, _usage, _model, _tier, actualUsd) {
      const row = find(id);
      Object.assign(row, { status: "settled", actualUsd });
      return { overrunUsd: Math.max(0, actualUsd - row.projectedUsd) };
    },
    async settleAtProjected(id) {
      const row = find(id);
      Object.assign(row, { status: "settled", actualUsd: row.projectedUsd });
    },
    async release(id) {
      find(id).status = "released";
    },
    checkCallLimits: () => {},
    countTokens: (text) => Math.ceil(text.length / 4),
    estimateRequestTokens: (request) => Math.ceil((request.instructions.length + request.input.length) / 4),
  };
}

export interface RecordedEvent {
  stage: string;
  event: string;
  data?: Record<string, unknown>;
}

export function memoryRecorder(): RunRecorder & {
  events: [string, string][];
  /** The events with their data, in order. */
  log: RecordedEvent[];
  stages: string[];
  artifacts: Map<string, string | Buffer>;
} {
  const events: [string, string][] = [];
  const log: RecordedEvent[] = [];
  const stages: string[] = [];
  const artifacts = new Map<string, string | Buffer>();
  return {
    events,
    log,
    stages,
    artifacts,
    emit(stage, event, data) {
      events.push([stage, event]);
      log.push({ stage, event, ...(data ? { data } : {}) });
    },
    stage: (name) => void stages.push(name),
    endStage: () => {},
    writeArtifact(path, content) {
      artifacts.set(path, content);
      return path;
    },
  };
}

/** Ports for a guarded call: no workspace or validators are touched on that path. */
export function callPorts(provider: RoleProvider, budget: BudgetPort): EnginePorts {
  let t = 0;
  return {
    provider,
    budget,
    recorder: memoryRecorder(),
    workspace: undefined as never,
    runValidators: async () => [],
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}
