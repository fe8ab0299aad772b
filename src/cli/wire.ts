import { resolve } from "node:path";
import type { Ledger, RemainingReport } from "../budget/ledger/contract.js";
import { configuredTarget, openConfiguredLedger, openExistingLedger } from "../budget/ledger/open-target.js";
import { describeTarget, type LedgerTarget } from "../budget/ledger/target.js";
import { countTokens } from "../budget/tokens.js";
import { providerSpecs } from "../config/provider-specs.js";
import type { LeashConfig } from "../config/schema.js";
import type { BudgetPort, EnginePorts, RunRecorder, WorkspacePort } from "../engine/ports.js";
import type { SessionPorts } from "../engine/session.js";
import { createCommandRunner } from "../exec/command-runner.js";
import type { CommandRunner } from "../exec/contract.js";
import { createParentDeathGuard } from "../exec/parent-death-watchdog.js";
import { unsandboxedWarning } from "../exec/sandbox-status.js";
import { createCheckpoint } from "../git/checkpoint.js";
import { ensureLeashExcluded } from "../git/exclude.js";
import { acquireLock, refuseIfLocked } from "../git/lock.js";
import { checkPreconditions } from "../git/preconditions.js";
import { safetyPolicyFromTask } from "../patch/safety/policy-from-task.js";
import type { RoleProvider } from "../providers/contract.js";
import { resolveRunProvider } from "../providers/resolve-provider.js";
import type { RunStateStore } from "../report/state.js";
import { createSecretScanner, exactSecrets } from "../secrets/index.js";
import type { ResolvedTask } from "../task/schema.js";
import { runValidators } from "../validate/run-validators.js";
import { createBaselinePorts } from "./adapters/baseline.js";
import { createBudgetPort } from "./adapters/budget.js";
import { ownedByRun } from "./adapters/owned-runner.js";
import type { RecorderHooks } from "./adapters/recorder.js";
import { openRunFiles } from "./adapters/run-files.js";
import { createRepoReader, createWorkspace } from "./adapters/workspace.js";
import type { LoadedRepoConfig } from "./load-repo-config.js";

/**
 * The one place that builds the real adapters (git, SQLite, the process runner, a provider) and
 * hands them to the engine as ports. `run`, `run --concurrency` and `plan` all come through here.
 */

export interface WireOptions {
  cwd: string;
  /** The run's provider as reported: `--provider`, else provider.default. */
  providerName: string;
  /** `--provider NAME` (or the replay's fake): every role calls it; else each role its own. */
  providerOverride?: string;
  record?: string;
  replay?: string;
}

/** What every run of one invocation shares: the ledger, the command runner, and Ctrl-C as an abort. */
export interface RunResources {
  /**
   * Opened by the first run whose preconditions pass (`openLedger`), so a refused run creates no
   * ledger file; every method waits for that open.
   */
  ledger: Ledger;
  /** Opens the ledger (once); throws when it cannot be opened, before any lock or checkpoint. */
  openLedger(): Promise<void>;
  runner: CommandRunner;
  signal: AbortSignal;
  /**
   * For every run's report: e.g. that validators run unsandboxed. A promise, because proving the
   * sandbox starts a process of its own: it goes on while the run checks, locks and checkpoints.
   */
  warnings: Promise<string[]>;
}

export interface SessionSetup {
  task: ResolvedTask;
  /** The working tree to run in: the repository, or a task's own worktree. */
  workTree: string;
  /** Where .leash/runs/<id> lives: the repository, also for runs in a worktree. */
  stateRoot?: string;
  allowDirty: boolean;
  hooks?: RecorderHooks;
  askApproval?: (role: string) => Promise<boolean>;
}

export interface Wiring {
  loaded: LoadedRepoConfig;
  providerName: string;
  providerOverride?: string;
  providerFor(task: ResolvedTask): RoleProvider;
  /** The budget port; a null ledger (the dry run) prices and estimates but never reserves. */
  budgetFor(task: ResolvedTask, ledger: Ledger | null, headroom?: RemainingReport | null): BudgetPort;
  repoReader(task: ResolvedTask): Pick<WorkspacePort, "repoRoot" | "readFile" | "expandGlobs">;
  withRunResources<T>(use: (r: RunResources) => Promise<T>): Promise<T>;
  /** Reads an existing ledger; null when there is none (nothing spent yet), which it does not create. */
  readLedger<T>(use: (ledger: Ledger) => Promise<T>): Promise<T | null>;
  sessionPorts(resources: RunResources, setup: SessionSetup): SessionPorts;
}

/**
 * Providers are built once per task, up front: the gate (no key, provider disabled) refuses
 * before any lock, checkpoint or ledger write.
 */
export function wire(loaded: LoadedRepoConfig, tasks: ResolvedTask[], options: WireOptions): Wiring {
  const { config, repoRoot } = loaded;
  const countO200k = (text: string) => countTokens(text, "o200k_base");
  const providers = new Map(
    tasks.map((task) => [
      task,
      resolveRunProvider(
        config,
        process.env,
        {
          responses: task.fakeResponses,
          taskId: task.id,
          countTokens: countO200k,
          replayFile: options.replay && resolve(options.cwd, options.replay),
        },
        { recordFile: options.record && resolve(options.cwd, options.record) },
        options.providerOverride,
      ),
    ]),
  );
  const providerFor = (task: ResolvedTask) => {
    const provider = providers.get(task);
    if (!provider) throw new Error(`no provider was wired for task ${task.id}`);
    return provider;
  };
  const budgetFor = (task: ResolvedTask, ledger: Ledger | null, headroom?: RemainingReport | null) =>
    createBudgetPort(config, task, ledger, {
      provider: options.providerName,
      // Each ledger row names the provider of its role when roles call different ones.
      providerFor: providers.get(task)?.nameFor,
      pid: process.pid,
      headroom,
      // Fake and replay calls are simulated spend, kept apart from real budgets (SPEC §12); a run
      // that mixes in a real provider counts as real.
      simulated:
        providers.get(task)?.simulated === true ||
        (options.providerName === "fake" && providers.get(task)?.nameFor === undefined),
    });

  return {
    loaded,
    providerName: options.providerName,
    providerOverride: options.providerOverride,
    providerFor,
    budgetFor,
    repoReader: (task) => createRepoReader(repoRoot, task.forbiddenPaths),
    withRunResources: (use) => withRunResources(loaded, use),
    async readLedger(use) {
      const ledger = await openExistingLedger(config, repoRoot);
      if (!ledger) return null;
      try {
        return await use(ledger);
      } finally {
        await ledger.close();
      }
    },
    sessionPorts(resources, setup) {
      const { task, workTree } = setup;
      const stateRoot = setup.stateRoot ?? workTree;
      let state: RunStateStore | undefined;
      let runId = "";
      const secrets = createSecretScanner({
        exact: exactSecrets(process.env, apiKeyEnvNames(config)),
      });
      let runRecorder: RunRecorder | undefined;
      let trackedState: string[] = [];
      // Every validator's output, the baseline's too, before anything is taken from it.
      const scrub = async (output: string, name: string) => {
        const scanned = await secrets.scan(output, `validator ${name}`);
        if (scanned.count > 0) {
          const { count, byKind } = scanned;
          runRecorder?.emit("secrets", "redacted", { where: `validator ${name}`, count, byKind });
        }
        return scanned.text;
      };
      return {
        async checkPreconditions() {
          // A stale lock explains everything else that looks wrong (dirty files above all): first.
          await refuseIfLocked(workTree);
          const facts = await checkPreconditions({
            repoRoot: workTree,
            allowedGlobs: task.allowedFiles,
            allowDirty: setup.allowDirty,
            facts: loaded.facts,
          });
          trackedState = facts.trackedState;
          await ensureLeashExcluded(workTree, facts.commonDir);
          // Fail closed: a ledger that cannot be opened stops the run before its lock.
          await resources.openLedger();
        },
        acquireLock: (info) => acquireLock(workTree, { ...info, pid: process.pid }),
        async openRunFiles(id) {
          runId = id;
          const files = await openRunFiles({ stateRoot, runId: id, task, hooks: setup.hooks, secrets });
          state = files.state;
          runRecorder = files.recorder;
          return files;
        },
        createCheckpoint: (id) => createCheckpoint(workTree, id),
        enginePorts({ checkpoint, recorder }): EnginePorts {
          if (!state) throw new Error("the run's files must be open before its engine ports");
          const store = state;
          const workspace = createWorkspace({
            repoRoot: workTree,
            checkpoint,
            state,
            tag: runId,
            forbiddenGlobs: task.forbiddenPaths,
            policy: safetyPolicyFromTask(task),
          });
          return {
            provider: providerFor(task),
            budget: budgetFor(task, resources.ledger),
            workspace,
            // A validator may write to the tree (build output, caches): the listing is stale after.
            runValidators: (names, signal) =>
              runValidators(ownedByRun(resources.runner, store), names, workTree, signal, scrub).finally(() =>
                workspace.forgetListing(),
              ),
            recorder,
            secrets,
            askApproval: setup.askApproval,
            now: () => Date.now(),
            sleep,
          };
        },
        baselinePorts: ({ checkpoint }) =>
          createBaselinePorts({
            workTree,
            stateRoot,
            checkpoint,
            commands: config.commands,
            runner: resources.runner,
            scrub,
            sandbox: config.sandbox,
          }),
        now: () => Date.now(),
        warnings: async () => [...(await resources.warnings), ...trackedStateWarning(trackedState)],
      };
    },
  };
}

/**
 * A stop request becomes an abort: SIGTERM (`kill`, systemd, a CI job cancelled) and SIGHUP (the
 * terminal closed) mean the same as Ctrl-C — end the call or validator in flight, roll back,
 * release, exit 1.
 */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

async function withRunResources<T>(
  loaded: LoadedRepoConfig,
  use: (r: RunResources) => Promise<T>,
): Promise<T> {
  const { config, repoRoot } = loaded;
  const controller = new AbortController();
  const onStop = () => controller.abort();
  for (const name of STOP_SIGNALS) process.once(name, onStop);
  // Never rejects: a probe that cannot run is itself the reason validators go unsandboxed.
  const warnings = unsandboxedWarning(config).then((w) => (w ? [w] : []));
  let opening: Promise<Ledger> | undefined;
  const open = () => {
    opening ??= (async () => {
      // The ledger may be the first thing Leash writes under .leash/: out of `git status` first.
      await ensureLeashExcluded(repoRoot, loaded.facts.commonDir);
      return openConfiguredLedger(config, repoRoot);
    })();
    return opening;
  };
  try {
    const runner = createCommandRunner({
      commands: config.commands,
      maxOutputBytes: config.limits.max_validator_output_bytes,
      sandboxDefault: config.sandbox.default,
      guard: createParentDeathGuard(),
      readPaths: config.sandbox.read_paths,
    });
    const ledger = ledgerOnceOpen(open, configuredTarget(config, repoRoot));
    return await use({
      ledger,
      openLedger: async () => void (await open()),
      runner,
      signal: controller.signal,
      warnings,
    });
  } finally {
    const opened = await opening?.catch(() => undefined);
    await opened?.close();
    for (const name of STOP_SIGNALS) process.off(name, onStop);
  }
}

/** A Ledger whose every call waits for `open`: the run's ledger before its first run has opened it. */
function ledgerOnceOpen(open: () => Promise<Ledger>, target: LedgerTarget): Ledger {
  // Typed per method, so a method added to Ledger and missing here fails to compile.
  const call = <K extends Exclude<keyof Ledger, "path" | "kind" | "close">>(name: K): Ledger[K] =>
    (async (...args: unknown[]) => {
      const ledger = await open();
      return (ledger[name] as (...a: unknown[]) => unknown).apply(ledger, args);
    }) as Ledger[K];
  return {
    path: describeTarget(target),
    kind: target.kind,
    reserve: call("reserve"),
    settle: call("settle"),
    settleAtProjected: call("settleAtProjected"),
    release: call("release"),
    clearSimulated: call("clearSimulated"),
    reconcile: call("reconcile"),
    totals: call("totals"),
    remaining: call("remaining"),
    rows: call("rows"),
    exportRecords: call("exportRecords"),
    importRecords: call("importRecords"),
    // The invocation closes the ledger it opened (withRunResources), not a run.
    close: async () => undefined,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const onAbort = () => {
      clearTimeout(timer);
      done();
    };
    // Removed when the sleep ends: the run's signal outlives every retry's sleep.
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      done();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Every key variable the config names, on every wire (`provider.openai` and each of `providers`). */
function apiKeyEnvNames(config: LeashConfig): string[] {
  return [...providerSpecs(config).values()].flatMap((spec) => (spec.apiKeyEnv ? [spec.apiKeyEnv] : []));
}

/**
 * The ledger is the budget's memory: if git tracks it, `git stash`, `git checkout` or a merge can
 * put back an older copy and forget money already spent. Said, not refused: nothing is lost yet.
 */
export function trackedStateWarning(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const shown = paths.slice(0, 3).join(", ") + (paths.length > 3 ? `, and ${paths.length - 3} more` : "");
  return [
    `git tracks Leash's own files (${shown}): \`git stash\`, \`git checkout\` or a merge could put back an older ledger and forget money already spent; untrack them with \`git rm -r --cached .leash\` and commit (the files stay on disk, and .leash/ is already in .git/info/exclude)`,
  ];
}
