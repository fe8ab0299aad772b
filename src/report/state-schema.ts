import { z } from "zod";
import type { RunState } from "./run-state.js";

/**
 * state.json as `recover` and `undo` read it back. Loose objects: a newer Leash may add fields,
 * and a rewrite of the state must not drop them.
 */
const checkpoint = z.looseObject({
  ref: z.string(),
  commit: z.string(),
  tree: z.string(),
  createdAt: z.string(),
  modes: z.record(z.string(), z.number().int()).optional(),
});

const ownedProcess = z.looseObject({
  pgid: z.number().int(),
  startTicks: z.number(),
  command: z.string(),
});

const stage = z.looseObject({
  name: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  durationMs: z.number().optional(),
});

export const runStateSchema: z.ZodType<RunState> = z.looseObject({
  runId: z.string(),
  taskId: z.string(),
  taskFile: z.string(),
  status: z.enum([
    "running",
    "accepted",
    "not_accepted",
    "blocked",
    "needs_operator",
    "failed",
    "recovered",
    "undone",
  ]),
  stage: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
  checkpoint: checkpoint.optional(),
  pathsAtRisk: z.array(z.string()),
  children: z.array(ownedProcess).optional(),
  stages: z.array(stage),
  stoppedBy: z.strictObject({ code: z.string(), message: z.string(), exitCode: z.number().int() }).optional(),
});
