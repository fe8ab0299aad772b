import { describe, expect, it } from "vitest";
import type { Intent } from "../../src/config/schema.js";
import { nextOnLadder } from "../../src/routing/ladder.js";
import { routeTask } from "../../src/routing/route.js";
import { makeConfig } from "./config-fixture.js";

const INTENT_ROUTES: [Intent, string, string][] = [
  ["mechanical", "mechanical_worker", "gpt-5-nano"],
  ["docs", "simple_builder", "gpt-5-mini"],
  ["tests", "simple_builder", "gpt-5-mini"],
  ["bugfix", "general_builder", "gpt-5.1"],
  ["refactor", "general_builder", "gpt-5.1"],
  ["feature", "coding_optimized_builder", "gpt-5.1-codex"],
  ["classify", "classification_worker", "gpt-5-nano"],
  ["diagnose", "frontier_reviewer", "gpt-5-pro"],
];

describe("routeTask", () => {
  for (const [intent, role, model] of INTENT_ROUTES) {
    it(`intent ${intent} → ${role}`, () => {
      const r = routeTask({ task: {}, intent, config: makeConfig(), approvals: [] });
      expect(r).toMatchObject({ ok: true, role, model });
      if (r.ok) expect(r.reasons[0]).toBe(`intent ${intent} → ${role} via routing.intents`);
    });
  }

  it("a pinned role wins over the intent", () => {
    const r = routeTask({
      task: { role: "simple_builder" },
      intent: "feature",
      config: makeConfig(),
      approvals: [],
    });
    expect(r).toMatchObject({ ok: true, role: "simple_builder" });
    if (r.ok) expect(r.reasons[0]).toBe("role simple_builder pinned by the task's role");
  });

  it("refuses an unknown pinned role with the known ones in the hint", () => {
    const r = routeTask({ task: { role: "wizard" }, intent: "bugfix", config: makeConfig(), approvals: [] });
    expect(r).toMatchObject({ ok: false, refusal: "unknown_role", role: "wizard" });
    if (!r.ok) expect(r.hint).toContain("general_builder");
  });

  it("refuses an intent with no route", () => {
    const config = makeConfig((c) => {
      delete c.routing.intents.docs;
    });
    expect(routeTask({ task: {}, intent: "docs", config, approvals: [] })).toMatchObject({
      ok: false,
      refusal: "no_route",
    });
  });

  it("needs approval for a requires_approval role, and runs it once approved", () => {
    const base = {
      task: { role: "emergency_pro_reviewer" },
      intent: "diagnose" as const,
      config: makeConfig(),
    };
    expect(routeTask({ ...base, approvals: [] })).toMatchObject({
      ok: false,
      refusal: "needs_approval",
      needsApproval: "emergency_pro_reviewer",
    });
    const r = routeTask({ ...base, approvals: ["emergency_pro_reviewer"] });
    expect(r).toMatchObject({ ok: true, role: "emergency_pro_reviewer", output: "diagnosis" });
  });

  it("refuses a pinned role whose output cannot serve the intent", () => {
    const r = routeTask({
      task: { role: "classification_worker" },
      intent: "bugfix",
      config: makeConfig(),
      approvals: [],
    });
    expect(r).toMatchObject({ ok: false, refusal: "output_mismatch" });
  });

  it("lets a reviewer serve a patch intent with a diagnosis", () => {
    const r = routeTask({
      task: { role: "frontier_reviewer" },
      intent: "bugfix",
      config: makeConfig(),
      approvals: [],
    });
    expect(r).toMatchObject({ ok: true, output: "diagnosis" });
  });

  it("the engine's role overrides both pin and intent", () => {
    const r = routeTask({
      task: { role: "simple_builder" },
      intent: "bugfix",
      config: makeConfig(),
      approvals: [],
      role: "coding_optimized_builder",
    });
    expect(r).toMatchObject({ ok: true, role: "coding_optimized_builder" });
  });
});

describe("routeTask: service tiers", () => {
  const tierOf = (intent: Intent, edit: Parameters<typeof makeConfig>[0] = () => {}) => {
    const r = routeTask({ task: {}, intent, config: makeConfig(edit), approvals: [] });
    if (!r.ok) throw new Error(r.refusal);
    return r;
  };

  it("builders ask for flex, falling back to default", () => {
    expect(tierOf("bugfix")).toMatchObject({ serviceTier: "flex", fallbackTier: "default" });
  });

  it("skips a tier the model's pricing does not offer", () => {
    const r = tierOf("feature");
    expect(r.serviceTier).toBe("default");
    expect(r.reasons.join("\n")).toMatch(
      /skipped flex: pricing for gpt-5.1-codex or its provider does not offer it/,
    );
  });

  it("non-builders get default", () => {
    expect(tierOf("diagnose").serviceTier).toBe("default");
    expect(tierOf("classify").serviceTier).toBe("default");
  });

  it("priority only when allowed", () => {
    const prefPriority = (allow: boolean) => (c: ReturnType<typeof makeConfig>) => {
      c.policy.builder_service_tier_preference = {
        preferred: "priority",
        fallback: "flex",
        allow_priority: allow,
      };
    };
    expect(tierOf("bugfix", prefPriority(false)).serviceTier).toBe("flex");
    expect(tierOf("bugfix", prefPriority(true)).serviceTier).toBe("priority");
  });

  it("the role's own service_tier wins", () => {
    const r = tierOf("bugfix", (c) => {
      c.roles.general_builder = { model: "gpt-5.1", output: "patch", service_tier: "default" };
    });
    expect(r.serviceTier).toBe("default");
  });

  it("a custom role with output patch counts as a builder", () => {
    const r = routeTask({
      task: { role: "my_builder" },
      intent: "bugfix",
      config: makeConfig((c) => {
        c.roles.my_builder = { model: "gpt-5-mini", output: "patch" };
      }),
      approvals: [],
    });
    expect(r).toMatchObject({ ok: true, serviceTier: "flex" });
  });
});

describe("routeTask: reasoning effort", () => {
  it("uses the default when the model accepts any", () => {
    expect(routeTask({ task: {}, intent: "bugfix", config: makeConfig(), approvals: [] })).toMatchObject({
      reasoningEffort: "medium",
    });
  });

  it("uses the role's own effort", () => {
    const config = makeConfig((c) => {
      c.roles.general_builder = { model: "gpt-5.1", output: "patch", reasoning_effort: "low" };
    });
    expect(routeTask({ task: {}, intent: "bugfix", config, approvals: [] })).toMatchObject({
      reasoningEffort: "low",
    });
  });

  it("moves the default to the nearest effort the model accepts", () => {
    const r = routeTask({ task: {}, intent: "diagnose", config: makeConfig(), approvals: [] });
    expect(r).toMatchObject({ ok: true, reasoningEffort: "high" });
  });

  it("refuses a role effort the model does not accept", () => {
    const config = makeConfig((c) => {
      c.roles.frontier_reviewer = { model: "gpt-5-pro", output: "diagnosis", reasoning_effort: "low" };
    });
    expect(routeTask({ task: {}, intent: "diagnose", config, approvals: [] })).toMatchObject({
      ok: false,
      refusal: "effort_not_accepted",
    });
  });
});

describe("nextOnLadder", () => {
  const config = makeConfig();
  const table: [string, string | null][] = [
    ["simple_builder", "general_builder"],
    ["general_builder", "coding_optimized_builder"],
    ["coding_optimized_builder", null],
    ["mechanical_worker", "simple_builder"],
    ["frontier_reviewer", "simple_builder"],
  ];
  for (const [from, to] of table) {
    it(`${from} → ${to}`, () => expect(nextOnLadder(from, config)).toBe(to));
  }

  it("a builder below a shortened ladder climbs to the first rung above it", () => {
    const short = makeConfig((c) => {
      c.routing.escalation_ladder = ["general_builder", "coding_optimized_builder"];
    });
    expect(nextOnLadder("simple_builder", short)).toBe("general_builder");
    expect(nextOnLadder("mechanical_worker", short)).toBe("general_builder");
  });
});
