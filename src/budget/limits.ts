import type { LimitsConfig } from "../config/schema.js";
import { BlockedError } from "../errors.js";

/** The per-call figures the guard checks before a call is made. */
export interface CallFigures {
  contextChars: number;
  inputTokens: number;
  maxOutputTokens: number;
  /** Seconds the task has run so far. */
  elapsedS: number;
  /** Size of a patch about to be applied, when there is one. */
  patchBytes?: number;
}

interface LimitCheck {
  code: string;
  name: string;
  field: keyof LimitsConfig;
  figure: (f: CallFigures) => number | undefined;
  unit: string;
  /** Runtime is spent when it reaches the cap; the others may equal their cap. */
  atCapBlocks?: boolean;
}

const CHECKS: LimitCheck[] = [
  {
    code: "budget.runtime",
    name: "runtime per task",
    field: "max_runtime_s_per_task",
    figure: (f) => f.elapsedS,
    unit: "s",
    atCapBlocks: true,
  },
  {
    code: "budget.context_chars",
    name: "context chars per call",
    field: "max_context_chars_per_call",
    figure: (f) => f.contextChars,
    unit: "chars",
  },
  {
    code: "budget.input_tokens",
    name: "input tokens per call",
    field: "max_input_tokens_per_call",
    figure: (f) => f.inputTokens,
    unit: "tokens",
  },
  {
    code: "budget.output_tokens",
    name: "output tokens per call",
    field: "max_output_tokens_per_call",
    figure: (f) => f.maxOutputTokens,
    unit: "tokens",
  },
  {
    code: "budget.patch_bytes",
    name: "patch bytes",
    field: "max_patch_bytes",
    figure: (f) => f.patchBytes,
    unit: "bytes",
  },
];

/**
 * Throws a BlockedError (exit 3) for the first limit the call would pass, naming the limit,
 * the figure and the cap. Money budgets are checked inside the ledger reservation instead,
 * where concurrent runs are serialised.
 */
export function checkCallLimits(figures: CallFigures, limits: LimitsConfig): void {
  for (const check of CHECKS) {
    const value = check.figure(figures);
    if (value === undefined) continue;
    const cap = limits[check.field];
    const over = check.atCapBlocks ? value >= cap : value > cap;
    if (!over) continue;
    const shown = check.unit === "s" ? Number(value.toFixed(1)) : value;
    throw new BlockedError(
      check.code,
      `blocked: ${check.name}: ${shown} ${check.unit} ${check.atCapBlocks ? ">=" : ">"} limit ${cap} ${check.unit}`,
      {
        location: { field: `limits.${check.field}` },
        hint: `raise limits.${check.field} in leash.yaml or make the task smaller`,
        details: { limit: check.field, figure: value, cap },
      },
    );
  }
}
