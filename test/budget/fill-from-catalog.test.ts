import { describe, expect, it } from "vitest";
import { fillFromCatalog } from "../../src/budget/fill-from-catalog.js";
import { catalogInfo } from "../../src/budget/price-catalog.js";
import type { LeashConfig } from "../../src/config/schema.js";
import { testConfig } from "../providers/helpers/test-config.js";

function withRoles(
  roles: LeashConfig["roles"],
  providers: LeashConfig["providers"] = {},
  catalog = true,
): LeashConfig {
  const config = testConfig();
  return {
    ...config,
    providers: { ...config.providers, ...providers },
    roles: { ...config.roles, ...roles },
    pricing: { ...config.pricing, catalog },
  };
}

describe("the price catalog (@pydantic/genai-prices)", () => {
  it("prices an unpriced Anthropic model with its cache read and cache write rates, default tier only", () => {
    const filled = fillFromCatalog(
      withRoles({
        frontier_reviewer: { provider: "anthropic", model: "claude-sonnet-4-5", output: "diagnosis" },
      }),
    );
    expect(filled.unpriced).toEqual([]);
    expect(filled.config.pricing.models["claude-sonnet-4-5"]).toEqual({
      input: 3,
      cached_input: 0.3,
      cache_write_input: 3.75,
      output: 15,
      tiers: ["default"],
    });
    expect(filled.catalog).toMatchObject({
      package: "@pydantic/genai-prices",
      models: ["claude-sonnet-4-5"],
    });
    expect(filled.catalog?.dataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("the config's own price wins over the catalog", () => {
    const config = withRoles({ simple_builder: { model: "gpt-5-mini", output: "patch" } });
    const filled = fillFromCatalog(config);
    expect(filled.catalog).toBeNull();
    expect(filled.config.pricing.models["gpt-5-mini"]).toBe(config.pricing.models["gpt-5-mini"]);
  });

  it("an endpoint the catalog knows by URL (DeepSeek) is priced; a local one never is", () => {
    const filled = fillFromCatalog(
      withRoles(
        {
          simple_builder: { provider: "deepseek", model: "deepseek-chat", output: "patch" },
          mechanical_worker: { provider: "local", model: "qwen2.5-coder:7b", output: "patch" },
        },
        {
          deepseek: { wire: "chat_completions", enabled: true, base_url: "https://api.deepseek.com/v1" },
          local: {
            wire: "chat_completions",
            enabled: true,
            base_url: "http://127.0.0.1:11434/v1",
            api_key_env: null,
          },
        },
      ),
    );
    expect(filled.config.pricing.models["deepseek-chat"]?.input).toBeGreaterThan(0);
    expect(filled.unpriced).toEqual([{ role: "mechanical_worker", model: "qwen2.5-coder:7b" }]);
  });

  it("with the catalog off nothing is looked up: an unpriced model stays unpriced", () => {
    const filled = fillFromCatalog(
      withRoles(
        { frontier_reviewer: { provider: "anthropic", model: "claude-sonnet-4-5", output: "diagnosis" } },
        {},
        false,
      ),
    );
    expect(filled.catalog).toBeNull();
    expect(filled.unpriced).toEqual([{ role: "frontier_reviewer", model: "claude-sonnet-4-5" }]);
  });

  it("names the installed version and its data date", () => {
    const info = catalogInfo();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.dataDate).not.toBe("unknown");
  });
});
