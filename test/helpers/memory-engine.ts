import type { LeashConfig } from "../../src/config/schema.js";
import type { EnginePorts } from "../../src/engine/ports.js";
import type { RunInput } from "../../src/engine/run-input.js";
import { runTask } from "../../src/engine/run-task.js";
import { safetyPolicyFromTask } from "../../src/patch/safety/policy-from-task.js";
import type { ResolvedTask } from "../../src/task/schema.js";
import { makeConfig, makeTask } from "../routing/config-fixture.js";
import { memoryBudget, memoryRecorder, type Scripted, scriptedProvider } from "./fake-ports.js";
import { ADD_BUGGY, ADD_FIXED, addReturning, diffFor } from "./js-project.js";
import { type MemoryWorkspaceOptions, memoryWorkspace } from "./memory-workspace.js";
import { passesWhen, type ScriptedValidator, scriptedValidators } from "./scripted-validators.js";

/**
 * Everything the engine needs for one in-process run, from fakes: the scripted provider, the
 * in-memory budget, workspace, validators and recorder, and a clock that moves only when slept.
 * The default target is the JS project's seeded bug: src/add.js returns a - b, `unit` wants a + b.
 */

export interface EngineSetup {
  script: Scripted[];
  files?: Record<string, string | Buffer>;
  task?: Partial<ResolvedTask>;
  config?: (c: LeashConfig) => void;
  validators?: Record<string, ScriptedValidator>;
  budget?: Parameters<typeof memoryBudget>[0];
  fail?: MemoryWorkspaceOptions["fail"];
  input?: Partial<RunInput>;
}

export const ADD_FILES = {
  "package.json": '{ "name": "target", "type": "module" }\n',
  "src/add.js": ADD_BUGGY,
  "test/add.test.js": 'import { add } from "../src/add.js";\n',
};

export function memoryEngine(setup: EngineSetup) {
  const task = makeTask({
    goal: "add(2, 3) must return 5",
    intent: "bugfix",
    allowedFiles: ["src/add.js"],
    validators: ["unit"],
    ...setup.task,
  });
  const config = makeConfig(setup.config);
  const workspace = memoryWorkspace(setup.files ?? ADD_FILES, {
    policy: safetyPolicyFromTask(task),
    forbiddenGlobs: task.forbiddenPaths,
    ...(setup.fail ? { fail: setup.fail } : {}),
  });
  const validators = scriptedValidators(
    workspace,
    setup.validators ?? { unit: passesWhen("src/add.js", "return a + b") },
  );
  const provider = scriptedProvider(setup.script);
  const budget = memoryBudget(setup.budget);
  const recorder = memoryRecorder();
  let t = 1_000_000;
  const ports: EnginePorts = {
    provider,
    budget,
    workspace,
    runValidators: validators.run,
    recorder,
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
  const input: RunInput = {
    runId: "run-1",
    task,
    config,
    providerName: "fake",
    approvals: [],
    delivery: { kind: "working_tree" },
    ...setup.input,
  };
  return { ports, input, provider, budget, workspace, validators, recorder };
}

export type MemoryEngine = ReturnType<typeof memoryEngine>;

/** A scripted answer that is a unified diff. */
export const diffAnswer = (unifiedDiff: string): Scripted => ({
  rawText: unifiedDiff,
  output: { kind: "unified_diff", unifiedDiff },
});

export const diagnosisAnswer = (summary = "add subtracts"): Scripted => ({
  rawText: summary,
  output: {
    kind: "diagnosis",
    diagnosis: {
      summary,
      root_cause: "the operator is '-'",
      evidence: ["not ok 1 - adds"],
      suggested_plan: ["use '+'"],
      confidence: 0.9,
    },
  },
});

/** runTask over a fresh in-memory engine: the report and every fake, for assertions. */
export async function runInMemory(setup: EngineSetup) {
  const engine = memoryEngine(setup);
  const report = await runTask(engine.ports, engine.input);
  return { ...engine, report };
}

/** The seeded bug's fix, and a wrong patch returning `expr`. */
export const fixAnswer = diffAnswer(diffFor(ADD_BUGGY, ADD_FIXED));
export const wrongAnswer = (expr: string) => diffAnswer(diffFor(ADD_BUGGY, addReturning(expr)));
