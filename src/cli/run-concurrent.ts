import type { LoadedConfig } from "../config/load.js";
import { type ExitCode, InputError } from "../errors.js";
import type { RoleProvider } from "../providers/contract.js";
import type { ResolvedTask } from "../task/schema.js";
import type { CliContext } from "./context.js";
import type { RunOptions } from "./run.js";

export interface ConcurrentRun {
  loaded: LoadedConfig;
  tasks: ResolvedTask[];
  providerFor: (task: ResolvedTask) => RoleProvider;
  providerName: "fake" | "openai";
  options: RunOptions;
}

export async function runConcurrently(_ctx: CliContext, _run: ConcurrentRun): Promise<ExitCode> {
  throw new InputError(
    "cli.concurrency_unavailable",
    "--concurrency above 1 is not available in this build",
    {
      hint: "run the tasks one after another (leave out --concurrency)",
    },
  );
}
