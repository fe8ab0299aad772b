import { suggestName } from "../config/did-you-mean.js";
import { type ProviderSpec, providerNameFor, providerSpecs } from "../config/provider-specs.js";
import type { LeashConfig } from "../config/schema.js";
import { InputError } from "../errors.js";
import type { FakeResponse } from "../task/schema.js";
import { createRecordingProvider } from "./cassette/recording-provider.js";
import { createReplayProvider } from "./cassette/replay-provider.js";
import type { RoleProvider } from "./contract.js";
import { createFakeProvider } from "./fake/fake-provider.js";
import { checkGate } from "./gate.js";
import { createRoutedProvider } from "./routed-provider.js";
import { createWireProvider } from "./wire-provider.js";

export interface FakeSetup {
  responses: FakeResponse[];
  countTokens: (text: string) => number;
  /** `--replay FILE`: serve a recorded run instead of the script. */
  replayFile?: string;
  /** The task's id, for a refusal that concerns one task of several. */
  taskId?: string;
}

export interface ProviderWiring {
  /** `--record FILE`: append every call to a cassette. */
  recordFile?: string;
}

/**
 * One named provider behind the gate (SPEC §11, §12): a real endpoint runs only when the config
 * enables it AND, where it declares a key variable, that variable is set. The refusal names what
 * is missing; the key itself is never printed.
 */
export function resolveProvider(
  name: string,
  config: LeashConfig,
  env: NodeJS.ProcessEnv,
  fake: FakeSetup,
  wiring: ProviderWiring = {},
): RoleProvider {
  const spec = lookup(name, config);
  if (spec.wire === "fake") {
    const inner = fake.replayFile
      ? createReplayProvider(fake.replayFile)
      : createFakeProvider({ responses: fake.responses, countTokens: fake.countTokens });
    return wiring.recordFile ? createRecordingProvider(inner, wiring.recordFile) : inner;
  }
  const key = checkGate(spec, env);
  const provider = createWireProvider(spec, key, fake.countTokens);
  return wiring.recordFile
    ? createRecordingProvider(provider, wiring.recordFile, { secrets: key === null ? [] : [key] })
    : provider;
}

/**
 * The provider of a whole run: each role calls its own provider (`roles.<role>.provider`, else
 * `provider.default`), or every role calls `override` (`--provider`). The default is gated up
 * front so a refusal comes before any lock or ledger write; a provider only some roles name is
 * gated when such a role is first called, and a refusal then stops the run (exit 2).
 */
export function resolveRunProvider(
  config: LeashConfig,
  env: NodeJS.ProcessEnv,
  fake: FakeSetup,
  wiring: ProviderWiring = {},
  override?: string,
): RoleProvider {
  const first = override ?? config.provider.default;
  const names = new Set(Object.keys(config.roles).map((role) => providerNameFor(config, role, override)));
  const unscripted = unscriptedFakeRefusal(config, fake, override);
  if (unscripted) throw unscripted;
  const built = new Map<string, RoleProvider>([[first, resolveProvider(first, config, env, fake, wiring)]]);
  if (names.size === 1) return built.get(first) as RoleProvider;
  for (const name of names) lookup(name, config);
  return createRoutedProvider({
    name: first,
    nameFor: (role) => providerNameFor(config, role, override),
    providerNamed: (name) => {
      let provider = built.get(name);
      if (provider === undefined) {
        provider = resolveProvider(name, config, env, fake, wiring);
        built.set(name, provider);
      }
      return provider;
    },
  });
}

/**
 * When every role would call the built-in fake and the task scripts nothing for it, each call
 * gets "the script ran out": attempts, a review and an escalation that cannot produce a patch.
 * Most often no real provider is set up yet. `leash run` stops on this before its lock or any
 * call; `leash plan` shows it as a warning.
 */
export function unscriptedFakeRefusal(
  config: LeashConfig,
  fake: Pick<FakeSetup, "responses" | "replayFile" | "taskId">,
  override?: string,
): InputError | null {
  if (fake.replayFile || fake.responses.length > 0) return null;
  const names = [
    override ?? config.provider.default,
    ...Object.keys(config.roles).map((role) => providerNameFor(config, role, override)),
  ];
  if (!names.every((name) => lookup(name, config).wire === "fake")) return null;
  return new InputError(
    "provider.fake_unscripted",
    `${fake.taskId ? `task ${fake.taskId}: ` : ""}every role runs on the built-in fake provider, and this task scripts no answer for it: no call could return a patch`,
    {
      hint: 'to call a model, enable a provider in leash.yaml (README, "Enable a provider") or pass --provider NAME; to rehearse offline, add fake.responses (or fake.script) to the task',
    },
  );
}

function lookup(name: string, config: LeashConfig): ProviderSpec {
  const specs = providerSpecs(config);
  const spec = specs.get(name);
  if (spec !== undefined) return spec;
  throw new InputError("provider.unknown", `no provider named \`${name}\` in the config`, {
    location: { field: "providers" },
    hint: `${suggestName(name, [...specs.keys()], "providers")}; declare it under providers: with a wire (responses, chat_completions, anthropic_messages)`,
  });
}
