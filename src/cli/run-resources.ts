import { resolve } from "node:path";
import type { Ledger } from "../budget/ledger/contract.js";
import { openLedger } from "../budget/ledger/open.js";
import type { LoadedConfig } from "../config/load.js";
import { createCommandRunner } from "../exec/command-runner.js";
import type { CommandRunner } from "../exec/contract.js";

/** What every run shares: the ledger, the command runner, and Ctrl-C turned into an abort. */
export interface RunResources {
  ledger: Ledger;
  runner: CommandRunner;
  signal: AbortSignal;
}

export async function withRunResources<T>(
  loaded: LoadedConfig,
  use: (r: RunResources) => Promise<T>,
): Promise<T> {
  const { config, repoRoot } = loaded;
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  try {
    const ledger = await openLedger(resolve(repoRoot, config.ledger.path));
    try {
      const runner = createCommandRunner({
        commands: config.commands,
        maxOutputBytes: config.limits.max_validator_output_bytes,
        sandboxDefault: config.sandbox.default,
      });
      return await use({ ledger, runner, signal: controller.signal });
    } finally {
      ledger.close();
    }
  } finally {
    process.off("SIGINT", onSigint);
  }
}
