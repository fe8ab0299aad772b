import type { LeashConfig } from "../config/schema.js";
import type { ResolvedTask } from "../task/schema.js";

/** Everything the engine is told about one run, decided before it starts. */
export interface RunInput {
  runId: string;
  task: ResolvedTask;
  config: LeashConfig;
  providerName: string;
  /** `--provider NAME`: every role calls this provider for the run. */
  providerOverride?: string;
  /** Roles granted manual approval (--approve, or a yes at the TTY prompt). */
  approvals: string[];
  /** Where an accepted change goes. */
  delivery: { kind: "working_tree" } | { kind: "commit" } | { kind: "branch"; name: string };
  signal?: AbortSignal;
  /** --no-baseline: the validators are not run on the clean tree first (shown in the report). */
  noBaseline?: boolean;
  /** Under `baseline: tolerate`: signature hashes each validator failed with on the clean tree. */
  knownFailures?: Record<string, string[]>;
}
