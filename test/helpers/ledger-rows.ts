import { join } from "node:path";
import type { LedgerRow } from "../../src/budget/ledger/contract.js";
import { openLedger } from "../../src/budget/ledger/open.js";

/** Every row of a repository's ledger, read through the ledger's own API. */
export async function ledgerRows(repoRoot: string): Promise<LedgerRow[]> {
  const ledger = await openLedger(join(repoRoot, ".leash", "ledger.sqlite"));
  try {
    return await ledger.rows();
  } finally {
    await ledger.close();
  }
}
