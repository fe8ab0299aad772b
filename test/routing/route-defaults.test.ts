import { describe, expect, it } from "vitest";
import { readDefaults } from "../../src/config/defaults.js";
import { resolveConfig } from "../../src/config/resolve.js";
import { INTENTS } from "../../src/config/schema.js";
import { routeTask } from "../../src/routing/route.js";

describe("routeTask with the shipped defaults", async () => {
  const result = resolveConfig({
    userText: "version: 1\n",
    displayFile: "leash.yaml",
    defaults: await readDefaults(),
    defaultProject: "p",
  });
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
  const config = result.config;

  for (const intent of INTENTS) {
    it(`routes ${intent} to a role with a tier and an effort its model accepts`, () => {
      const r = routeTask({ task: {}, intent, config, approvals: [] });
      if (!r.ok) throw new Error(`${r.refusal}: ${r.reasons.join("; ")}`);
      const price = config.pricing.models[r.model];
      expect(price).toBeDefined();
      if (price?.tiers) expect(price.tiers).toContain(r.serviceTier);
      if (price?.efforts) expect(price.efforts).toContain(r.reasoningEffort);
      expect(r.serviceTier).not.toBe("priority");
    });
  }

  it("the emergency reviewer needs approval", () => {
    expect(
      routeTask({ task: { role: "emergency_pro_reviewer" }, intent: "diagnose", config, approvals: [] }),
    ).toMatchObject({ ok: false, refusal: "needs_approval" });
  });
});
