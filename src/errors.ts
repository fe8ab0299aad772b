/**
 * Every way Leash can stop, with its exit code, in one place (SPEC §2).
 * Expected outcomes travel as discriminated unions; these errors are for stops,
 * and `cli/main.ts` is the only place that turns them into a process exit.
 */

export const EXIT = {
  accepted: 0,
  notAccepted: 1,
  invalidInput: 2,
  blocked: 3,
  needsOperator: 4,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Where a problem is: a file position, a config field, or a patch hunk. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  col?: number;
  /** Dotted path of the field, e.g. `budget.role_budgets_usd.general_builder`. */
  field?: string;
}

export interface LeashErrorInit {
  location?: ErrorLocation;
  hint?: string;
  retryable?: boolean;
  cause?: unknown;
  /** Structured facts for reports (numbers that led to a block, etc.). */
  details?: Record<string, unknown>;
}

export class LeashError extends Error {
  readonly location?: ErrorLocation;
  readonly hint?: string;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(
    /** Stable, greppable code such as `config.unknown_key` or `budget.role`. */
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    init: LeashErrorInit = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.location = init.location;
    this.hint = init.hint;
    this.retryable = init.retryable ?? false;
    this.details = init.details;
  }
}

/** Bad usage, config, task or input file: nothing was called and nothing changed (exit 2). */
export class InputError extends LeashError {
  constructor(code: string, message: string, init: LeashErrorInit = {}) {
    super(code, message, EXIT.invalidInput, init);
  }
}

/** A budget or policy limit stopped the run before or between calls (exit 3). */
export class BlockedError extends LeashError {
  constructor(code: string, message: string, init: LeashErrorInit = {}) {
    super(code, message, EXIT.blocked, init);
  }
}

/** The operator must act: escalation packet written, or a role needs approval (exit 4). */
export class NeedsOperatorError extends LeashError {
  constructor(code: string, message: string, init: LeashErrorInit = {}) {
    super(code, message, EXIT.needsOperator, init);
  }
}

/** Something Leash did not expect; the working tree is rolled back (exit 70). */
export class InternalError extends LeashError {
  constructor(code: string, message: string, init: LeashErrorInit = {}) {
    super(code, message, EXIT.internal, init);
  }
}

export function formatLocation(loc: ErrorLocation | undefined): string {
  if (!loc?.file) return loc?.field ? `${loc.field}: ` : "";
  const pos = loc.line === undefined ? "" : `:${loc.line}${loc.col === undefined ? "" : `:${loc.col}`}`;
  const field = loc.field ? ` ${loc.field}:` : "";
  return `${loc.file}${pos}:${field} `;
}

/** One error as the operator reads it: `file:line:col: field: message [code]` then the hint. */
export function formatError(err: LeashError): string {
  const head = `${formatLocation(err.location)}${err.message} [${err.code}]`;
  return err.hint ? `${head}\n  hint: ${err.hint}` : head;
}

export function isLeashError(value: unknown): value is LeashError {
  return value instanceof LeashError;
}

/**
 * A full disk or an unwritable path is the machine's state, not a bug in Leash: it becomes an
 * input error (exit 2) naming the path and the fix. Anything else stays what it was.
 */
export function storageErrorFor(error: unknown): InputError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== "object" || typeof e.code !== "string" || isLeashError(e)) return undefined;
  const what = `${e.syscall ?? "write"} ${e.path ?? "a file"}`;
  const location = e.path ? { location: { file: e.path } } : {};
  if (e.code === "ENOSPC" || e.code === "EDQUOT") {
    return new InputError("io.no_space", `no space left on the device: cannot ${what} (${e.code})`, {
      ...location,
      hint: "free space (or raise the quota) on the filesystem that holds it, then run again",
      cause: e,
    });
  }
  if (e.code === "EACCES" || e.code === "EPERM" || e.code === "EROFS") {
    return new InputError("io.not_writable", `permission denied: cannot ${what} (${e.code})`, {
      ...location,
      hint: "give yourself write access to it and its directory (chmod u+w, chattr -i, or remount read-write), then run again",
      cause: e,
    });
  }
  return undefined;
}
