/** What every command gets from main.ts: where it runs and how to talk to the operator. */
export interface CliContext {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  quiet: boolean;
  verbose: boolean;
  /** Colour only on a TTY and only when NO_COLOR is unset. */
  color: boolean;
  isTty: boolean;
}

export function createCliContext(flags: { quiet?: boolean; verbose?: boolean }): CliContext {
  const isTty = Boolean(process.stderr.isTTY);
  return {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    quiet: Boolean(flags.quiet),
    verbose: Boolean(flags.verbose),
    color: isTty && !("NO_COLOR" in process.env),
    isTty,
  };
}
