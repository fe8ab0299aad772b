import type { Intent } from "../config/schema.js";
import type { ExitCode } from "../errors.js";
import type { AttemptRecord, CallRecord, RouteStep, RunReport, RunStatus } from "../report/report-types.js";
import { LEASH_VERSION } from "../version.js";
import type { Overrun } from "./settle-call.js";

/**
 * Accumulates what a run did, in the order it happened, and turns it into the report.
 * Kept apart from the loop so the loop reads as decisions only.
 */
export class RunRecord {
  readonly attempts: AttemptRecord[] = [];
  readonly route: RouteStep[] = [];
  readonly reviews: RunReport["reviews"] = [];
  /** The first call that cost more than its reservation; no call is made after it. */
  overrun?: Overrun;
  private readonly stages: { name: string; startedMs: number; endedMs?: number }[] = [];
  private classification: RunReport["classification"] = { intent: "bugfix", source: "task", reasons: [] };

  constructor(
    private readonly base: { runId: string; taskId: string; taskFile: string; provider: string },
    private readonly now: () => number,
    /** Told of every stage as it opens, so the disk and the screen follow the run. */
    private readonly onStage: (name: string) => void = () => {},
    private readonly startedMs = now(),
  ) {}

  get startedAt(): number {
    return this.startedMs;
  }

  stage(name: string): void {
    const t = this.now();
    const open = this.stages.at(-1);
    if (open && open.endedMs === undefined) open.endedMs = t;
    this.stages.push({ name, startedMs: t });
    this.onStage(name);
  }

  get intent(): Intent {
    return this.classification.intent;
  }

  classify(intent: Intent, source: string, reasons: string[]): void {
    this.classification = { intent, source, reasons };
  }

  addRoute(step: RouteStep): void {
    if (this.route.at(-1)?.role !== step.role) this.route.push(step);
  }

  allCalls(): CallRecord[] {
    return [...this.attempts.flatMap((a) => a.calls), ...this.reviews.flatMap((r) => r.calls)];
  }

  spentUsd(): number {
    return this.allCalls().reduce((sum, c) => sum + c.actualUsd, 0);
  }

  finish(
    status: RunStatus,
    exitCode: ExitCode,
    message: string,
    extra: Partial<
      Pick<
        RunReport,
        "change" | "undo" | "block" | "diagnosis" | "classificationAnswer" | "escalationFile" | "checkpoint"
      >
    > = {},
  ): RunReport {
    const end = this.now();
    const open = this.stages.at(-1);
    if (open && open.endedMs === undefined) open.endedMs = end;
    const calls = this.allCalls();
    const sum = (f: (c: CallRecord) => number) => calls.reduce((s, c) => s + f(c), 0);
    return {
      ...this.base,
      status,
      exitCode,
      message,
      classification: this.classification,
      route: this.route,
      rolePath: this.route.map((r) => r.role),
      attempts: this.attempts,
      reviews: this.reviews,
      totals: {
        calls: calls.length,
        estimatedInputTokens: sum((c) => c.estimatedInputTokens),
        inputTokens: sum((c) => c.usage?.input ?? 0),
        cachedInputTokens: sum((c) => c.usage?.cachedInput ?? 0),
        outputTokens: sum((c) => c.usage?.output ?? 0),
        reasoningTokens: sum((c) => c.usage?.reasoning ?? 0),
        projectedUsd: round6(sum((c) => c.projectedUsd)),
        actualUsd: round6(sum((c) => c.actualUsd)),
      },
      stages: this.stages.map((s) => ({
        name: s.name,
        durationMs: Math.round((s.endedMs ?? end) - s.startedMs),
      })),
      change: extra.change ?? { where: "none", files: [] },
      ...extra,
      leashVersion: LEASH_VERSION,
      startedAt: new Date(this.startedMs).toISOString(),
      endedAt: new Date(end).toISOString(),
      durationMs: Math.round(end - this.startedMs),
    };
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
