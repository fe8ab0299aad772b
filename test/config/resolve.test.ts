import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDefaultsText } from "../../src/config/defaults.js";
import { resolveConfig } from "../../src/config/resolve.js";
import { configSchema } from "../../src/config/schema.js";
import type { LeashError } from "../../src/errors.js";

const DEFAULTS_TEXT = readFileSync(join(import.meta.dirname, "..", "..", "data", "defaults.yaml"), "utf8");

function resolve(userText: string) {
  return resolveConfig({
    userText,
    displayFile: "leash.yaml",
    defaults: parseDefaultsText(DEFAULTS_TEXT),
    defaultProject: "demo",
  });
}

function errorsOf(userText: string): LeashError[] {
  const result = resolve(userText);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("resolveConfig", () => {
  it("the defaults alone validate, with the project filled in", () => {
    const result = resolve("version: 1\n");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.project).toBe("demo");
    expect(configSchema.safeParse(result.config).success).toBe(true);
    expect(result.config.pricing.as_of).toBe("2026-11-24");
    expect(result.config.roles["frontier_reviewer"]?.reasoning_effort).toBe("high");
  });

  it("an empty file is the defaults", () => {
    expect(resolve("").ok).toBe(true);
  });

  it("merges mappings key by key and replaces lists", () => {
    const result = resolve(
      "version: 1\nproject: web\nroles:\n  general_builder: { model: gpt-5 }\nrouting:\n  escalation_ladder: [general_builder]\n",
    );
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join("\n"));
    expect(result.config.project).toBe("web");
    expect(result.config.roles["general_builder"]).toEqual({ model: "gpt-5", output: "patch" });
    expect(result.config.roles["simple_builder"]?.model).toBe("gpt-5-mini");
    expect(result.config.routing.escalation_ladder).toEqual(["general_builder"]);
  });

  it("forbidden_paths is the union of the defaults and the user's list", () => {
    const result = resolve("version: 1\nforbidden_paths: [secrets/**, .git/**]\n");
    if (!result.ok) throw new Error("invalid");
    expect(result.config.forbidden_paths).toContain(".leash/**");
    expect(result.config.forbidden_paths).toContain("secrets/**");
    expect(result.config.forbidden_paths.filter((p) => p === ".git/**")).toHaveLength(1);
  });

  it("a typo'd key is positioned at the key and suggests the closest known key", () => {
    const [error] = errorsOf("version: 1\nlimits:\n  max_patch_byte: 10\n");
    expect(error?.code).toBe("config.unknown_key");
    expect(error?.location).toMatchObject({
      file: "leash.yaml",
      line: 3,
      col: 3,
      field: "limits.max_patch_byte",
    });
    expect(error?.hint).toContain("did you mean `max_patch_bytes`?");
  });

  it("a wrong type names what was expected and what was found", () => {
    const [error] = errorsOf("version: 1\nbudget:\n  task_default_usd: lots\n");
    expect(error?.code).toBe("config.wrong_type");
    expect(error?.location).toMatchObject({ line: 3, col: 21, field: "budget.task_default_usd" });
    expect(error?.message).toMatch(/expected a number, found the string "lots"/);
  });

  it("collects every problem, in file order", () => {
    const errors = errorsOf(
      "version: 1\nprovider:\n  default: openia\nlimits:\n  max_patch_byte: 1\nrouting:\n  reviewer: nobody\n",
    );
    expect(errors.map((e) => e.code)).toEqual([
      "config.unknown_provider",
      "config.unknown_key",
      "config.unknown_role",
    ]);
    expect(errors[0]?.hint).toContain("did you mean `openai`?");
  });

  it("a base_url that already ends with the path its wire adds is refused, with the URL to use", () => {
    const errors = errorsOf(
      [
        "version: 1",
        "provider:",
        "  openai: { base_url: 'http://127.0.0.1:8080/v1/responses' }",
        "providers:",
        "  local: { wire: chat_completions, base_url: 'http://127.0.0.1:11434/v1/chat/completions/' }",
        "  claude: { wire: anthropic_messages, base_url: 'https://api.anthropic.com/v1' }",
        "  fine: { wire: responses, base_url: 'http://127.0.0.1:8080/v1' }",
        "",
      ].join("\n"),
    );
    expect(errors.map((e) => [e.code, e.location?.line])).toEqual([
      ["config.base_url_has_endpoint", 3],
      ["config.base_url_has_endpoint", 5],
      ["config.base_url_has_endpoint", 6],
    ]);
    expect(errors[0]?.message).toContain("would go to http://127.0.0.1:8080/v1/responses/responses");
    expect(errors[0]?.hint).toBe("set provider.openai.base_url to `http://127.0.0.1:8080/v1`");
    expect(errors[1]?.hint).toBe("set providers.local.base_url to `http://127.0.0.1:11434/v1`");
    expect(errors[2]?.hint).toBe("set providers.claude.base_url to `https://api.anthropic.com`");
  });

  it("a role with no model, and a model with no price", () => {
    const errors = errorsOf(
      "version: 1\nroles:\n  helper: { output: patch }\n  general_builder: { model: gpt-9 }\n",
    );
    expect(errors.map((e) => e.code)).toEqual(["config.role_without_model", "config.model_without_price"]);
    expect(errors[1]?.location).toMatchObject({ line: 4, field: "roles.general_builder.model" });
    expect(errors[1]?.hint).toContain("pricing.models.gpt-9");
  });

  it("a reasoning effort the model does not accept", () => {
    const errors = errorsOf("version: 1\nroles:\n  frontier_reviewer: { reasoning_effort: low }\n");
    expect(errors[0]?.code).toBe("config.effort_not_allowed");
    expect(errors[0]?.hint).toContain("high");
  });

  it("an effort the defaults' roles cannot take is reported at the operator's reasoning_effort.default", () => {
    const errors = errorsOf("version: 1\nreasoning_effort:\n  default: minimal\n");
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.code).toBe("config.effort_not_allowed");
      expect(error.location).toMatchObject({ line: 3, col: 12, field: "reasoning_effort.default" });
    }
  });

  it("routing names unknown roles, with did-you-mean", () => {
    const errors = errorsOf(
      "version: 1\nrouting:\n  intents:\n    bugfix: general_bilder\n  escalation_ladder: [ghost]\n",
    );
    expect(errors.map((e) => e.location?.field)).toEqual([
      "routing.intents.bugfix",
      "routing.escalation_ladder.0",
    ]);
    expect(errors[0]?.hint).toBe("did you mean `general_builder`?");
  });

  it("a command that is not an argv list", () => {
    const [error] = errorsOf("version: 1\ncommands:\n  unit: { argv: npm test, timeout_s: 60 }\n");
    expect(error?.code).toBe("config.command_not_argv");
    expect(error?.location).toMatchObject({ line: 3, field: "commands.unit.argv" });
  });

  it("a YAML syntax error has a position", () => {
    const [error] = errorsOf("version: 1\nlimits: [1, 2\n");
    expect(error?.code).toBe("config.yaml_syntax");
    expect(error?.location?.line).toBeGreaterThan(0);
  });

  it("a top level that is not a mapping", () => {
    expect(errorsOf("- a\n- b\n")[0]?.code).toBe("config.wrong_type");
  });
});
