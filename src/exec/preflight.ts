import { dirname, join } from "node:path";
import type { CommandConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import { scrubEnv } from "./env-scrub.js";
import { findLocalBin, findOnPath, isExecutable, packageScripts } from "./find-program.js";
import { spawnProcess } from "./spawn-process.js";

/** Why a configured command cannot start, and what to do about it. */
export interface ProgramProblem {
  command: string;
  argv: string[];
  reason: string;
  hint: string;
}

const PYTHON = /^python(\d+(\.\d+)?)?$/;
const PACKAGE_MANAGERS = new Set(["npm", "pnpm", "yarn"]);
const PROBE_TIMEOUT_MS = 30_000;

/**
 * Before anything is called (SPEC §12): each command's program must resolve the way the spawn
 * will resolve it; `npx X` must find X installed locally (else npx would download it mid-run);
 * `npm run X` must name a script; `python -m mod` must be able to import mod.
 */
export async function checkPrograms(
  commands: Record<string, CommandConfig>,
  names: readonly string[],
  cwd: string,
  repoRoot: string,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<ProgramProblem[]> {
  const problems: ProgramProblem[] = [];
  for (const name of [...new Set(names)]) {
    const cmd = commands[name];
    if (cmd === undefined) continue;
    const env = scrubEnv(baseEnv, cmd.env_pass, cmd.env);
    const problem = await checkOne(name, cmd.argv, cwd, repoRoot, env);
    if (problem !== null) problems.push({ command: name, argv: cmd.argv, ...problem });
  }
  return problems;
}

async function checkOne(
  name: string,
  argv: string[],
  cwd: string,
  repoRoot: string,
  env: Record<string, string>,
): Promise<{ reason: string; hint: string } | null> {
  const [program = "", ...args] = argv;
  const base = program.split("/").pop() ?? program;
  if (findOnPath(program, cwd, env["PATH"]) === undefined) {
    return {
      reason: `program \`${program}\` was not found${program.includes("/") ? "" : " on PATH"}`,
      hint: program.includes("/")
        ? "check the path (it is relative to the repository root)"
        : `install ${program}, or fix commands.${name}.argv in leash.yaml (a tool installed under node_modules runs as [npx, ${program}, ...])`,
    };
  }
  if (base === "npx" || ((base === "npm" || base === "pnpm" || base === "yarn") && args[0] === "exec")) {
    const bin = (base === "npx" ? args : args.slice(1)).find((a) => !a.startsWith("-"));
    if (bin === undefined) return null;
    if (findLocalBin(bin, cwd, repoRoot) !== undefined) return null;
    // npx never looks on PATH: past the local bins and npm's global ones it downloads the package
    // of that name (for `npx tsc`, an unrelated `tsc`). pnpm and yarn do run a bin from PATH.
    const npm = base === "npx" || base === "npm";
    if (npm ? isExecutable(join(npmGlobalPrefix(env), "bin", bin)) : findOnPath(bin, cwd, env["PATH"]))
      return null;
    return {
      reason: `\`${bin}\` is not installed in node_modules/.bin (${base} would try to download it)`,
      hint: `install the project's dependencies (e.g. \`npm ci\`), or add ${bin} as a devDependency`,
    };
  }
  if (PACKAGE_MANAGERS.has(base)) return checkScript(base, args, cwd, repoRoot);
  if (PYTHON.test(base) && args[0] === "-m" && args[1] !== undefined) {
    return probePythonModule(program, args[1], cwd, env);
  }
  return null;
}

/** Where `npm install -g` puts bins: `npm_config_prefix`, else node's own install prefix. */
function npmGlobalPrefix(env: Record<string, string>): string {
  return env["npm_config_prefix"] || env["NPM_CONFIG_PREFIX"] || dirname(dirname(process.execPath));
}

function checkScript(pm: string, args: string[], cwd: string, repoRoot: string) {
  const [first, second] = args;
  const script = first === "test" ? "test" : first === "run" || first === "run-script" ? second : undefined;
  // pnpm and yarn also run a bin by its bare name when no script has it.
  const bare = pm !== "npm" && first !== undefined && !first.startsWith("-") && script === undefined;
  const wanted = script ?? (bare ? first : undefined);
  if (wanted === undefined) return null;
  const scripts = packageScripts(cwd);
  if (scripts !== undefined && wanted in scripts) return null;
  if (bare && findLocalBin(wanted, cwd, repoRoot) !== undefined) return null;
  return {
    reason: `package.json has no script \`${wanted}\``,
    hint: `add "${wanted}" under "scripts" in package.json, or run the tool directly (e.g. [npx, ${wanted}])`,
  };
}

async function probePythonModule(python: string, mod: string, cwd: string, env: Record<string, string>) {
  const code = "import importlib.util,sys\nsys.exit(0 if importlib.util.find_spec(sys.argv[1]) else 3)";
  const outcome = await spawnProcess({
    argv: [python, "-c", code, mod],
    cwd,
    env,
    timeoutMs: PROBE_TIMEOUT_MS,
    onStdout: () => {},
    onStderr: () => {},
  });
  if (outcome.exitCode === 0) return null;
  return {
    reason: `\`${python}\` cannot import \`${mod}\``,
    hint: `install it for that interpreter (\`${python} -m pip install ${mod}\`), or point argv at the interpreter that has it (e.g. .venv/bin/python)`,
  };
}

/** One error naming every command that cannot run (exit 2): nothing has been called yet. */
export function programsError(problems: ProgramProblem[], configFile: string): InputError {
  const lines = problems.map((p) => `  ${p.command} (${p.argv.join(" ")}): ${p.reason}; ${p.hint}`);
  const first = problems[0];
  // One line per command; the fixes are in the lines.
  return new InputError(
    "validate.program_missing",
    `${problems.length === 1 ? "a validator cannot run" : `${problems.length} validators cannot run`}; nothing was called:\n${lines.join("\n")}`,
    {
      location: { file: configFile, field: `commands.${first?.command}.argv` },
      hint: "fix the command in leash.yaml or install what it needs, then run `leash check`",
      details: { commands: problems.map((p) => p.command) },
    },
  );
}

/** Throws the error above when any of `names` cannot run in `repoRoot`. */
export async function requirePrograms(
  commands: Record<string, CommandConfig>,
  names: readonly string[],
  repoRoot: string,
  configFile: string,
): Promise<void> {
  const problems = await checkPrograms(commands, names, repoRoot, repoRoot);
  if (problems.length > 0) throw programsError(problems, configFile);
}
