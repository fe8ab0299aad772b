import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { detectCommands } from "../config/detect-commands.js";
import { renderExampleTask, renderLeashYaml } from "../config/init-files.js";
import { PRESETS, type Preset } from "../config/init-presets.js";
import type { CommandConfig } from "../config/schema.js";
import { EXIT, type ExitCode, InputError } from "../errors.js";
import { detectReadPaths } from "../exec/detect-read-paths.js";
import { unsandboxedWarning } from "../exec/sandbox-status.js";
import { ensureLeashExcluded } from "../git/exclude.js";
import { findRepoRoot } from "../git/repo-facts.js";
import type { CliContext } from "./context.js";
import { checkDetectedCommands, describeCheck, type InitCheck } from "./init-baseline.js";

/** `leash init`: writes leash.yaml and tasks/example.yaml; never overwrites without --force. */
export async function initCommand(
  ctx: CliContext,
  options: { force?: boolean; baseline?: boolean; preset?: string } = {},
): Promise<ExitCode> {
  const preset = checkPreset(options.preset);
  const repoRoot = await findRepoRoot(ctx.cwd);
  const detection = detectCommands(repoRoot);
  const paths = ["leash.yaml", join("tasks", "example.yaml")];
  const existing = paths.filter((p) => existsSync(join(repoRoot, p)));
  // Checked for all files before writing any, so a refusal leaves the repository untouched.
  if (existing.length > 0 && !options.force) {
    throw new InputError(
      "init.exists",
      `${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written`,
      {
        location: { file: existing[0] },
        hint: "run `leash init --force` to overwrite, or edit the existing file and run `leash check`",
      },
    );
  }
  await ensureLeashExcluded(repoRoot);
  const readPaths = detectReadPaths(detection.commands, process.env);
  // One value for the sandbox leash.yaml will name and the one the checks below run under.
  const sandbox = { default: "auto" as const, read_paths: readPaths };
  const runsChecks = options.baseline !== false;
  // No command detected, no warning: it names the commands that would run unsandboxed.
  const unsandboxed = runsChecks
    ? await unsandboxedWarning({ commands: detection.commands, sandbox })
    : undefined;
  if (unsandboxed) ctx.err(`warning: ${unsandboxed}`);
  // Run before anything is written, so the tree they see is the operator's own. A test suite
  // may take minutes: each command is named as it starts, on stderr.
  let announced = false;
  const checks: InitCheck[] = runsChecks
    ? await checkDetectedCommands(repoRoot, detection.commands, sandbox, (name, command) => {
        if (ctx.quiet) return;
        if (!announced)
          ctx.err("running the detected commands on the clean tree (--no-baseline skips this):");
        announced = true;
        ctx.err(`  ${name}: ${commandLine(command)} (up to ${command.timeout_s} s)`);
      })
    : [];
  const notes = Object.fromEntries(checks.map((c) => [c.name, describeCheck(c)]));
  const passing =
    options.baseline === false ? undefined : checks.filter((c) => c.kind === "passes").map((c) => c.name);
  const files = [
    { path: "leash.yaml", text: renderLeashYaml(detection, notes, preset, sandbox) },
    { path: join("tasks", "example.yaml"), text: renderExampleTask(detection, passing) },
  ];
  for (const file of files) {
    const full = join(repoRoot, file.path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, file.text);
  }

  const languages = detection.languages.length ? detection.languages.join(", ") : "none";
  ctx.out(`detected: ${languages}`);
  for (const [name, cmd] of Object.entries(detection.commands)) {
    ctx.out(`  command ${name}: ${commandLine(cmd)}${notes[name] ? ` — ${notes[name]}` : ""}`);
  }
  if (options.baseline === false) ctx.out("  (not run: --no-baseline)");
  if (readPaths.length > 0)
    ctx.out(`  sandbox.read_paths: ${readPaths.join(", ")} (toolchains under your home)`);
  for (const file of files) ctx.out(`${existing.includes(file.path) ? "overwrote" : "wrote"} ${file.path}`);
  ctx.out("added .leash/ to .git/info/exclude");
  if (!ctx.quiet) ctx.out("next: edit leash.yaml, then `leash check tasks/example.yaml`");
  return EXIT.accepted;
}

function checkPreset(preset: string | undefined): Preset | undefined {
  if (preset === undefined || (PRESETS as readonly string[]).includes(preset))
    return preset as Preset | undefined;
  throw new InputError("init.unknown_preset", `--preset ${preset} is not a preset`, {
    hint: `use one of: ${PRESETS.join(", ")}`,
  });
}

/** A command as the operator would type it: its variables first, then the argv. */
function commandLine(command: CommandConfig): string {
  const env = Object.entries(command.env ?? {}).map(([k, v]) => `${k}=${v} `);
  return `${env.join("")}${command.argv.join(" ")}`;
}
