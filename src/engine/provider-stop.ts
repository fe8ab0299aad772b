import { InputError } from "../errors.js";
import type { ProviderError } from "../providers/contract.js";

/**
 * A provider failure that retrying cannot fix (SPEC §12): bad key, unknown endpoint or model,
 * invalid request, an endpoint still unreachable after the bounded retries. It ends the run at
 * once — no further attempt, no escalation, no reviewer — as invalid input (exit 2), since it is
 * a configuration problem found at the call.
 */
export class ProviderStopError extends InputError {
  constructor(
    readonly providerError: ProviderError,
    tries: number,
  ) {
    const status = providerError.extra.status;
    const after = tries > 1 ? ` (after ${tries} tries)` : "";
    super(
      `provider.${providerError.kind}`,
      `stopped: ${providerError.message}${after}; retrying cannot fix this, so no further call was made`,
      {
        hint: providerError.extra.hint,
        details: {
          provider: providerError.extra.provider,
          endpoint: providerError.extra.endpoint,
          ...(status === undefined ? {} : { status }),
          tries,
        },
      },
    );
  }
}

/** Ends the run when the failed call was fatal; otherwise the caller goes on. */
export function stopIfFatal(error: ProviderError, tries: number): void {
  if (error.fatal) throw new ProviderStopError(error, tries);
}
