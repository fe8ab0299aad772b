import type { CommandConfig, LeashConfig } from "../config/schema.js";
import { type BaselineCache, runBaseline } from "../engine/baseline.js";
import { isLeashError } from "../errors.js";
import { createCommandRunner } from "../exec/command-runner.js";
import { createParentDeathGuard } from "../exec/parent-death-watchdog.js";
import { checkPrograms } from "../exec/preflight.js";
import { createCheckpoint } from "../git/checkpoint.js";
import { createBaselinePorts } from "./adapters/baseline.js";

/** How one detected command did on the clean tree when `leash init` ran it. */
export type InitCheck =
  | { name: string; kind: "passes" }
  | { name: string; kind: "fails"; failures: number; first?: string }
  | { name: string; kind: "cannot_run"; reason: string }
  | { name: string; kind: "changes_tree"; files: string[] }
  | { name: string; kind: "times_out"; seconds: number };

/**
 * Init's results are for the operator to read, not for the first run to reuse: that run scans
 * the baseline's output with its own config's secrets before anything may be sent, so it runs
 * its baseline itself. Nothing is written under .leash/baseline/.
 */
const NOT_CACHED: BaselineCache = { get: async () => undefined, put: async () => undefined };

/**
 * `leash init` runs what it detected once, through the same baseline a run uses, and says which
 * commands pass on the clean tree. They run as the written config will run them: under the
 * sandbox it names (`sandbox: auto` with the detected read_paths), so a repository's own test
 * script cannot read the home directory or reach the network because it was run by init.
 */
export async function checkDetectedCommands(
  repoRoot: string,
  commands: Record<string, CommandConfig>,
  sandbox: LeashConfig["sandbox"],
  /** Called as each command starts: a test suite may take minutes, and init waits for it. */
  onStart: (name: string, command: CommandConfig) => void = () => {},
): Promise<InitCheck[]> {
  const names = Object.keys(commands);
  if (names.length === 0) return [];
  const missing = new Map(
    (await checkPrograms(commands, names, repoRoot, repoRoot)).map((p) => [p.command, p]),
  );
  const checkpoint = await createCheckpoint(repoRoot, `init-${Date.now().toString(36)}`);
  const runner = createCommandRunner({
    commands,
    maxOutputBytes: 65_536,
    sandboxDefault: sandbox.default,
    readPaths: sandbox.read_paths,
    guard: createParentDeathGuard(),
  });
  const ports = {
    ...createBaselinePorts({
      workTree: repoRoot,
      stateRoot: repoRoot,
      checkpoint,
      commands,
      runner,
      sandbox,
    }),
    cache: NOT_CACHED,
  };
  const checks: InitCheck[] = [];
  for (const [name, command] of Object.entries(commands)) {
    const problem = missing.get(name);
    if (problem !== undefined) {
      checks.push({ name, kind: "cannot_run", reason: `${problem.reason}; ${problem.hint}` });
      continue;
    }
    onStart(name, command);
    try {
      const summary = await runBaseline(ports, { validators: [name], mode: "tolerate" });
      const v = summary.validators[0];
      checks.push(
        v === undefined || v.passed
          ? { name, kind: "passes" }
          : {
              name,
              kind: "fails",
              failures: v.failureCount,
              ...(v.failures[0] ? { first: v.failures[0] } : {}),
            },
      );
    } catch (error) {
      if (!isLeashError(error)) throw error;
      if (error.code === "validate.baseline_changed_tree") {
        const files = (error.details?.["files"] as string[] | undefined) ?? [];
        checks.push({ name, kind: "changes_tree", files });
      } else if (error.code === "validate.baseline_failed") {
        // Under tolerate, the baseline throws only for a validator that timed out.
        checks.push({ name, kind: "times_out", seconds: command.timeout_s });
      } else {
        // A sandbox that cannot start, for one: the command did not run, so it neither passed nor timed out.
        checks.push({ name, kind: "cannot_run", reason: `${error.message} [${error.code}]` });
      }
    }
  }
  return checks;
}

export function describeCheck(check: InitCheck): string {
  switch (check.kind) {
    case "passes":
      return "passes on the clean tree";
    case "fails":
      return `fails on the clean tree (${check.failures} failure${check.failures === 1 ? "" : "s"})${check.first ? `: ${check.first}` : ""}`;
    case "cannot_run":
      return `cannot run: ${check.reason}`;
    case "changes_tree":
      return `changes the tree (${check.files.join(", ")}); restored`;
    case "times_out":
      return `times out on the clean tree (after ${check.seconds} s; raise its timeout_s if it needs longer)`;
  }
}
