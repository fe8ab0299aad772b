import type { LoadedConfig } from "../config/load.js";

/** One line naming where prices come from: the config's table and, when used, the catalog and its date. */
export function renderPriceSources(loaded: Pick<LoadedConfig, "config" | "catalog">): string {
  const own = `prices: pricing.models as of ${loaded.config.pricing.as_of}`;
  const c = loaded.catalog;
  if (!c) return own;
  return `${own}; catalog ${c.package} ${c.version} (data ${c.dataDate}) for ${c.models.join(", ")}`;
}
