import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function leash(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
}

function initWith(preset: string): TempRepo {
  const r = makeTempRepo({ "README.md": "# x\n" });
  repos.push(r);
  const init = leash(r.root, "init", "--preset", preset);
  expect(init.stderr).toBe("");
  expect(init.status).toBe(0);
  return r;
}

describe("leash init --preset", () => {
  it("local: every role on an Ollama-style endpoint, priced at an explicit 0, and the plan costs $0", () => {
    const r = initWith("local");
    const yaml = r.read("leash.yaml").toString();
    expect(yaml).toContain("wire: chat_completions");
    expect(yaml).toContain('base_url: "http://127.0.0.1:11434/v1"');
    expect(yaml).toContain('"qwen2.5-coder:7b": { input: 0, output: 0 }');
    expect(leash(r.root, "check", "tasks/example.yaml").status).toBe(0);
    const plan = leash(r.root, "plan", "--json", "tasks/example.yaml");
    expect(plan.status).toBe(0);
    const out = JSON.parse(plan.stdout);
    expect(out.provider).toBe("local");
    expect(out.plan.route.model).toBe("qwen2.5-coder:7b");
  });

  it("anthropic: Claude roles priced from the catalog, whose data date the plan shows", () => {
    const r = initWith("anthropic");
    expect(r.read("leash.yaml").toString()).toContain("wire: anthropic_messages");
    expect(leash(r.root, "check", "tasks/example.yaml").status).toBe(0);
    const plan = leash(r.root, "plan", "tasks/example.yaml");
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/catalog @pydantic\/genai-prices \S+ \(data \d{4}-\d{2}-\d{2}\) for claude-/);
    const ledger = leash(r.root, "ledger");
    expect(ledger.stdout).toMatch(/catalog @pydantic\/genai-prices/);
  });

  it("openai: the default provider is openai, enabled, gated on OPENAI_API_KEY", () => {
    const r = initWith("openai");
    const yaml = r.read("leash.yaml").toString();
    expect(yaml).toContain("default: openai");
    expect(yaml).toContain("enabled: true");
    expect(leash(r.root, "check", "tasks/example.yaml").status).toBe(0);
  });

  it("an unknown preset is refused and writes nothing", () => {
    const r = makeTempRepo({ "README.md": "# x\n" });
    repos.push(r);
    const init = leash(r.root, "init", "--preset", "azure");
    expect(init.status).toBe(2);
    expect(init.stderr).toContain("use one of: openai, anthropic, local");
    expect(existsSync(join(r.root, "leash.yaml"))).toBe(false);
  });
});
