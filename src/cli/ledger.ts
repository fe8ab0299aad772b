import type { ExitCode } from "../errors.js";
import type { CliContext } from "./context.js";
import { notBuilt } from "./not-built.js";

export async function ledgerCommand(_ctx: CliContext): Promise<ExitCode> {
  return notBuilt("ledger");
}

export async function ledgerReconcileCommand(_ctx: CliContext): Promise<ExitCode> {
  return notBuilt("ledger reconcile");
}
