import { formatError, InputError, type LeashError } from "../errors.js";

/**
 * A config or task file with one or more problems. It carries every problem found, not just
 * the first, so the operator fixes them in one pass; the message lists them one per line.
 */
export class FileInvalid extends InputError {
  constructor(
    code: string,
    readonly errors: LeashError[],
  ) {
    super(code, errors.map((e) => formatError(e)).join("\n"), {
      hint:
        errors.length > 1 ? `${errors.length} problems; fix them all, then run \`leash check\`` : undefined,
    });
  }
}

/** The config (leash.yaml merged over the defaults) is invalid. */
export class ConfigInvalid extends FileInvalid {
  constructor(errors: LeashError[]) {
    super("config.invalid", errors);
  }
}

/** A task file is invalid or asks for more than the config allows. */
export class TaskInvalid extends FileInvalid {
  constructor(errors: LeashError[]) {
    super("task.invalid", errors);
  }
}
