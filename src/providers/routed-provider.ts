import { LeashError } from "../errors.js";
import type { ProviderRequest, ProviderResponse, RoleProvider } from "./contract.js";
import { ProviderError } from "./contract.js";

/**
 * Sends each call to the provider its role names, so one run can put mechanical edits on a
 * local model and diagnosis on a frontier one. A provider refused by the gate at its first call
 * becomes a non-retryable `auth` failure: the run stops at once instead of escalating.
 */
export function createRoutedProvider(routes: {
  name: string;
  nameFor: (role: string) => string;
  providerNamed: (name: string) => RoleProvider;
}): RoleProvider {
  async function call(request: ProviderRequest): Promise<ProviderResponse> {
    const name = routes.nameFor(request.role);
    let provider: RoleProvider;
    try {
      provider = routes.providerNamed(name);
    } catch (err) {
      if (!(err instanceof LeashError)) throw err;
      const hint = err.hint ? ` ${err.hint}` : "";
      throw new ProviderError(
        "auth",
        `provider ${name} for role ${request.role}: ${err.message}.${hint}`,
        false,
      );
    }
    return provider.call(request);
  }
  return { name: routes.name, nameFor: routes.nameFor, call };
}
