import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { configSchema, type LeashConfig } from "../../../src/config/schema.js";

const DEFAULTS = join(import.meta.dirname, "..", "..", "..", "data", "defaults.yaml");

/** The shipped defaults as a resolved config, with the OpenAI section overridden as a test needs. */
export function testConfig(openai: Partial<LeashConfig["provider"]["openai"]> = {}): LeashConfig {
  const raw = parse(readFileSync(DEFAULTS, "utf8")) as Record<string, unknown>;
  const config = configSchema.parse({ project: "test", ...raw });
  return { ...config, provider: { ...config.provider, openai: { ...config.provider.openai, ...openai } } };
}
