import type { Detection } from "./detect-commands.js";
import { type Preset, providerLines } from "./init-presets.js";
import type { CommandConfig, LeashConfig } from "./schema.js";

/**
 * The files `leash init` writes. leash.yaml holds only what an operator usually edits; the
 * rest comes from Leash's defaults (see docs/config.md).
 */
export function renderLeashYaml(
  detection: Detection,
  notes: Record<string, string> = {},
  preset?: Preset,
  sandbox: LeashConfig["sandbox"] = { default: "auto", read_paths: [] },
): string {
  const commands = Object.entries(detection.commands);
  const commandLines = commands.length
    ? commands.flatMap(([name, cmd]) => [
        ...(notes[name] ? [`  # ${name}: ${notes[name].split("\n")[0]}`] : []),
        `  ${name}: ${renderCommand(cmd)}`,
      ])
    : [
        "  # none detected; add the checks a patch must pass, e.g.",
        "  # unit: { argv: [npm, test], timeout_s: 600 }",
      ];
  return [
    "# Leash config. Only the keys you usually edit are here; every other key takes its",
    "# default (docs/config.md). `leash check` validates this file.",
    "version: 1",
    "",
    ...providerLines(preset),
    "",
    "budget:                  # USD; every call is priced and reserved before it is made",
    "  project_total_budget_usd: 5.0",
    "  task_default_usd: 0.50",
    "",
    "# The only commands Leash will ever run (argv lists, no shell). Tasks name them as validators.",
    commands.length ? "commands:" : "commands: {}",
    commandLines.join("\n"),
    "",
    "# Validators run under bubblewrap where it works (auto), with your home directory hidden;",
    "# read_paths grants the toolchain directories under it they need, read-only (docs/sandbox.md).",
    "sandbox:",
    `  default: ${sandbox.default}          # auto | bwrap | none`,
    `  read_paths: [${sandbox.read_paths.join(", ")}]`,
    "",
    "# Added to Leash's built-in list (.git, .leash, .env files, keys, node_modules); never replaces it.",
    "forbidden_paths: []",
    "",
  ].join("\n");
}

/** `passing`: the commands that passed on the clean tree (all detected ones when not run). */
export function renderExampleTask(detection: Detection, passing?: string[]): string {
  const validators = passing ?? Object.keys(detection.commands);
  const head = [
    "# An example task: `leash plan tasks/example.yaml` shows what it would cost, without calling anything.",
    "version: 1",
    "id: example",
  ];
  const readme = detection.readme;
  if (validators.length === 0 || readme === undefined) {
    const why =
      validators.length === 0
        ? passing !== undefined && Object.keys(detection.commands).length > 0
          ? "no detected command passes on the clean tree"
          : "no validators were detected"
        : "there is no readme to edit";
    return [
      ...head,
      `intent: diagnose          # ${why}, so this example asks for a diagnosis`,
      "goal: |",
      "  Explain what this repository does and where its entry point is.",
      ...(readme === undefined ? [] : [`context_files: [${readme}]`]),
      "",
    ].join("\n");
  }
  return [
    ...head,
    "intent: docs",
    "goal: |",
    `  Fix spelling mistakes in ${readme} without changing its meaning.`,
    "allowed_files:            # files (globs) the patch may modify; each must exist (see create_files)",
    `  - ${readme}`,
    `validators: [${validators.join(", ")}]   # names from commands in leash.yaml`,
    "budget:                   # each value may only tighten the config's",
    "  max_usd: 0.20",
    "  max_attempts: 2",
    "",
  ].join("\n");
}

function renderCommand(cmd: CommandConfig): string {
  const env = Object.entries(cmd.env ?? {});
  const envText = env.length ? `, env: { ${env.map(([k, v]) => `${k}: ${yamlWord(v)}`).join(", ")} }` : "";
  return `{ argv: [${cmd.argv.map(yamlWord).join(", ")}], timeout_s: ${cmd.timeout_s}${envText} }`;
}

/** Plain words stay bare; anything YAML could misread is quoted. */
function yamlWord(word: string): string {
  return /^[A-Za-z0-9_./-][A-Za-z0-9_./=-]*$/.test(word) ? word : JSON.stringify(word);
}
