import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { dataPath } from "../config/defaults.js";
import type { ModelPrice } from "../config/schema.js";

/** Which catalog, which version, and how old its prices are: shown by `plan` and `ledger`. */
export interface CatalogInfo {
  package: string;
  version: string;
  /** The version's publication date; "unknown" for a version data/price-catalog.yaml does not list. */
  dataDate: string;
}

type Tiered = { base: number; tiers: { start: number; price: number }[] };
type RawPrice = Record<string, number | Tiered | undefined>;
interface GenaiPrices {
  calcPrice(
    usage: Record<string, number>,
    modelId: string,
    options?: { providerId?: string; providerApiUrl?: string },
  ): { model_price: RawPrice; provider: { id: string } } | null;
  findProvider(options: { providerApiUrl?: string }): { id: string } | undefined;
}

const PACKAGE = "@pydantic/genai-prices";
const require = createRequire(import.meta.url);
let loaded: GenaiPrices | undefined;

// ~2 MB of price tables: loaded on the first lookup only, so runs that price everything in the
// config never pay for it (bench: `catalog load`).
function catalog(): GenaiPrices {
  loaded ??= require(PACKAGE) as GenaiPrices;
  return loaded;
}

export function catalogInfo(): CatalogInfo {
  // The package exports no package.json; it sits above the entry point that require resolves.
  const root = dirname(dirname(require.resolve(PACKAGE)));
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const version = manifest.version;
  const file = dataPath("price-catalog.yaml");
  const dates = (parse(readFileSync(file, "utf8")) as { data_dates: Record<string, string> }).data_dates;
  return { package: PACKAGE, version, dataDate: dates[version] ?? "unknown" };
}

/** Where a call goes, for the catalog: the provider's API URL, or a provider id for its own API. */
export type CatalogEndpoint = { providerId: string } | { providerApiUrl: string } | { modelOnly: true };

/**
 * The catalog's standard-tier price for a model in Leash's terms (USD per 1M tokens), or null.
 * Prices that rise past a context size are taken at the rate that applies to `maxInputTokens`.
 * The catalog carries no flex or priority prices, so a catalog price offers `default` only.
 */
export function catalogPrice(
  model: string,
  endpoint: CatalogEndpoint,
  maxInputTokens: number,
): ModelPrice | null {
  const options = "modelOnly" in endpoint ? {} : endpoint;
  const found = catalog().calcPrice({ input_tokens: 1 }, model, options);
  if (found === null) return null;
  const p = found.model_price;
  const input = rate(p.input_mtok, maxInputTokens);
  const output = rate(p.output_mtok, maxInputTokens);
  if (input === undefined || output === undefined) return null;
  const price: ModelPrice = { input, output, tiers: ["default"] };
  const read = rate(p.cache_read_mtok, maxInputTokens);
  const write = rate(p.cache_write_mtok, maxInputTokens);
  if (read !== undefined) price.cached_input = read;
  if (write !== undefined) price.cache_write_input = write;
  return price;
}

/** True when the catalog knows the host of `baseUrl` (DeepSeek, Groq, OpenRouter, …). */
export function catalogKnowsUrl(baseUrl: string): boolean {
  return catalog().findProvider({ providerApiUrl: baseUrl }) !== undefined;
}

function rate(value: number | Tiered | undefined, maxInputTokens: number): number | undefined {
  if (value === undefined || typeof value === "number") return value;
  let chosen = value.base;
  for (const tier of value.tiers) if (tier.start < maxInputTokens) chosen = tier.price;
  return chosen;
}
