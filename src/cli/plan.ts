import type { ExitCode } from "../errors.js";
import type { CliContext } from "./context.js";
import { notBuilt } from "./not-built.js";

export async function planCommand(_ctx: CliContext): Promise<ExitCode> {
  return notBuilt("plan");
}
