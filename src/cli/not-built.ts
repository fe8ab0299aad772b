import { InternalError } from "../errors.js";

/** Placeholder for a command whose module has not landed yet; says so instead of pretending. */
export function notBuilt(command: string): never {
  throw new InternalError("cli.not_built", `'leash ${command}' is not built yet`, {
    hint: "see the open issues in the tracker",
  });
}
