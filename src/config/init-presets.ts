/** `leash init --preset NAME`: which provider family the written config's roles use. */
export const PRESETS = ["openai", "anthropic", "local"] as const;
export type Preset = (typeof PRESETS)[number];

const LOCAL_MODEL = "qwen2.5-coder:7b";
const ROLES = [
  "mechanical_worker",
  "classification_worker",
  "simple_builder",
  "general_builder",
  "coding_optimized_builder",
  "frontier_reviewer",
  "emergency_pro_reviewer",
] as const;

/** Claude models by weight of work; priced from the catalog (docs/providers.md). */
const CLAUDE: Record<(typeof ROLES)[number], string> = {
  mechanical_worker: "claude-haiku-4-5",
  classification_worker: "claude-haiku-4-5",
  simple_builder: "claude-haiku-4-5",
  general_builder: "claude-sonnet-4-5",
  coding_optimized_builder: "claude-sonnet-4-5",
  frontier_reviewer: "claude-opus-4-5",
  emergency_pro_reviewer: "claude-opus-4-5",
};

/** The provider part of leash.yaml: without a preset, the fake provider with OpenAI ready to switch on. */
export function providerLines(preset: Preset | undefined): string[] {
  switch (preset) {
    case undefined:
      return [
        "provider:",
        "  default: fake          # fake, openai, or a key of providers (docs/providers.md)",
        "  openai:",
        "    enabled: false       # openai runs only when true AND the key variable is set",
        "    api_key_env: OPENAI_API_KEY",
      ];
    case "openai":
      return [
        "provider:",
        "  default: openai        # every role calls OpenAI's Responses API; --provider fake for offline runs",
        "  openai:",
        "    enabled: true        # runs only while OPENAI_API_KEY is set",
        "    api_key_env: OPENAI_API_KEY",
      ];
    case "anthropic":
      return [
        "providers:",
        "  anthropic:",
        "    wire: anthropic_messages",
        "    enabled: true        # runs only while ANTHROPIC_API_KEY is set",
        "    api_key_env: ANTHROPIC_API_KEY",
        "provider:",
        "  default: anthropic",
        "roles:",
        ...ROLES.map((role) => `  ${role}: { model: ${CLAUDE[role]} }`),
        "pricing:",
        "  catalog: true          # Claude prices (cache reads and writes too) from the maintained catalog",
      ];
    case "local":
      return [
        "providers:",
        "  local:                 # an Ollama-style server; see docs/providers.md for others",
        "    wire: chat_completions",
        "    enabled: true",
        '    base_url: "http://127.0.0.1:11434/v1"',
        "    api_key_env: null    # a local server takes no key",
        "provider:",
        "  default: local",
        "roles:",
        ...ROLES.map((role) => `  ${role}: { model: "${LOCAL_MODEL}" }`),
        "pricing:",
        "  models:               # a local model is priced explicitly, never assumed free",
        `    "${LOCAL_MODEL}": { input: 0, output: 0 }`,
      ];
  }
}
