import { providerNameFor, providerSpecFor } from "../config/provider-specs.js";
import type { LeashConfig, ModelPrice } from "../config/schema.js";
import {
  type CatalogEndpoint,
  type CatalogInfo,
  catalogInfo,
  catalogKnowsUrl,
  catalogPrice,
} from "./price-catalog.js";

export interface CatalogFill {
  config: LeashConfig;
  /** Null when `pricing.catalog` is off or nothing needed it (the catalog was not loaded). */
  catalog: (CatalogInfo & { models: string[] }) | null;
  /** Roles whose model has a price nowhere: never called. */
  unpriced: { role: string; model: string }[];
}

/**
 * With `pricing.catalog: true`, every role model the config does not price takes the catalog's
 * price for the endpoint it is called on. The config's own prices always win. An endpoint the
 * catalog does not know (a local server, a private proxy) is priced only by the config: a free
 * local model needs its explicit `price: 0`, never a guess.
 */
export function fillFromCatalog(config: LeashConfig): CatalogFill {
  const missing = Object.entries(config.roles)
    .filter(([, role]) => !Object.hasOwn(config.pricing.models, role.model))
    .map(([role, { model }]) => ({ role, model }));
  if (missing.length === 0 || config.pricing.catalog !== true) {
    return { config, catalog: null, unpriced: missing };
  }
  const models: Record<string, ModelPrice> = { ...config.pricing.models };
  const filled: string[] = [];
  const unpriced: { role: string; model: string }[] = [];
  for (const { role, model } of missing) {
    if (Object.hasOwn(models, model)) continue;
    const endpoint = endpointFor(config, role);
    const price =
      endpoint === null ? null : catalogPrice(model, endpoint, config.limits.max_input_tokens_per_call);
    if (price === null) {
      unpriced.push({ role, model });
      continue;
    }
    models[model] = price;
    filled.push(model);
  }
  return {
    config: { ...config, pricing: { ...config.pricing, models } },
    catalog: filled.length > 0 ? { ...catalogInfo(), models: filled } : null,
    unpriced,
  };
}

function endpointFor(config: LeashConfig, role: string): CatalogEndpoint | null {
  const spec = providerSpecFor(config, providerNameFor(config, role));
  if (spec === undefined) return null;
  if (spec.wire === "fake") return { modelOnly: true };
  if (spec.baseUrl === null)
    return { providerId: spec.wire === "anthropic_messages" ? "anthropic" : "openai" };
  return catalogKnowsUrl(spec.baseUrl) ? { providerApiUrl: spec.baseUrl } : null;
}
