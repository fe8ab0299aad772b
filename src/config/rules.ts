import { type ErrorLocation, InputError, type LeashError } from "../errors.js";
import { suggestName } from "./did-you-mean.js";
import { isPlainObject } from "./merge.js";
import type { YamlSource } from "./yaml-source.js";

/**
 * Rules that span fields, checked after the schema. They read the merged data defensively
 * so they still run (and report) when the schema found other problems.
 */
export function crossFieldErrors(merged: unknown, source: YamlSource): LeashError[] {
  if (!isPlainObject(merged)) return [];
  const roles = record(merged["roles"]);
  const models = record(record(merged["pricing"])["models"]);
  const defaultEffort = record(merged["reasoning_effort"])["default"];
  const roleNames = Object.keys(roles);
  const errors: LeashError[] = [];
  const at = (path: PropertyKey[]) => source.locate(path);

  for (const [name, raw] of Object.entries(roles)) {
    const role = record(raw);
    const model = role["model"];
    if (typeof model !== "string") continue;
    const price = models[model];
    // With the catalog on, an unpriced model is looked up there when the config is loaded.
    if (price === undefined && record(merged["pricing"])["catalog"] === true) continue;
    if (price === undefined) {
      errors.push(
        new InputError(
          "config.model_without_price",
          `role \`${name}\` uses model \`${model}\`, which has no price in pricing.models; a model with no price is never called`,
          {
            location: at(["roles", name, "model"]),
            hint: `add pricing.models.${model} with input and output prices (USD per 1M tokens), or use a priced model (${suggestName(model, Object.keys(models), "models")})`,
          },
        ),
      );
      continue;
    }
    const efforts = record(price)["efforts"];
    const own = role["reasoning_effort"];
    const effort = own ?? defaultEffort;
    if (Array.isArray(efforts) && typeof effort === "string" && !efforts.includes(effort)) {
      // Point at what the operator wrote: the role's own effort, the role, or the global default.
      const path =
        own !== undefined
          ? ["roles", name, "reasoning_effort"]
          : source.has(["roles", name])
            ? ["roles", name]
            : ["reasoning_effort", "default"];
      const from = own === undefined ? "reasoning_effort.default" : `roles.${name}.reasoning_effort`;
      errors.push(
        new InputError(
          "config.effort_not_allowed",
          `role \`${name}\`: model \`${model}\` accepts reasoning efforts ${efforts.join(", ")}; found \`${effort}\` (from ${from})`,
          {
            location: at(path),
            hint: `set roles.${name}.reasoning_effort to one of: ${efforts.join(", ")}`,
          },
        ),
      );
    }
  }

  const routing = record(merged["routing"]);
  const roleRef = (path: PropertyKey[], value: unknown) => {
    if (typeof value !== "string" || roleNames.includes(value)) return;
    errors.push(
      new InputError(
        "config.unknown_role",
        `\`${path.join(".")}\` names role \`${value}\`, which is not defined in roles`,
        {
          location: at(path),
          hint: suggestName(value, roleNames, "roles"),
        },
      ),
    );
  };
  for (const [intent, role] of Object.entries(record(routing["intents"])))
    roleRef(["routing", "intents", intent], role);
  const ladder = routing["escalation_ladder"];
  if (Array.isArray(ladder)) {
    for (const [i, role] of ladder.entries()) roleRef(["routing", "escalation_ladder", i], role);
  }
  roleRef(["routing", "reviewer"], routing["reviewer"]);

  errors.push(...providerNameErrors(merged, roles, source));

  for (const role of Object.keys(record(record(merged["budget"])["role_budgets_usd"]))) {
    if (roleNames.includes(role)) continue;
    errors.push(
      new InputError(
        "config.unknown_role",
        `budget.role_budgets_usd names role \`${role}\`, which is not defined in roles`,
        {
          location: source.locate(["budget", "role_budgets_usd", role], { key: true }),
          hint: suggestName(role, roleNames, "roles"),
        },
      ),
    );
  }
  errors.push(...teamBudgetErrors(record(merged["budget"]), at));
  errors.push(...baseUrlErrors(merged, at));
  const readPaths = record(merged["sandbox"])["read_paths"];
  if (Array.isArray(readPaths)) {
    for (const [i, path] of readPaths.entries()) {
      if (typeof path !== "string" || path.startsWith("/") || path === "~" || path.startsWith("~/")) continue;
      errors.push(
        new InputError(
          "config.read_path_not_absolute",
          `sandbox.read_paths[${i}] is \`${path}\`; a granted directory must be absolute or start with ~/`,
          {
            location: at(["sandbox", "read_paths", i]),
            hint: `write it as an absolute path or from your home, e.g. ~/${path.replace(/^\.?\//, "")}`,
          },
        ),
      );
    }
  }
  return errors;
}

/** `provider.default` and every `roles.<role>.provider` must name a provider the config has. */
function providerNameErrors(
  merged: Record<string, unknown>,
  roles: Record<string, unknown>,
  source: YamlSource,
): LeashError[] {
  const known = ["fake", "openai", ...Object.keys(record(merged["providers"]))].filter(
    (name, i, all) => all.indexOf(name) === i,
  );
  const errors: LeashError[] = [];
  const check = (path: PropertyKey[], value: unknown) => {
    if (typeof value !== "string" || known.includes(value)) return;
    errors.push(
      new InputError(
        "config.unknown_provider",
        `\`${path.join(".")}\` names provider \`${value}\`, which is not defined`,
        {
          location: source.locate(path),
          hint: `${suggestName(value, known, "providers")}; declare it under providers: with a wire (responses, chat_completions, anthropic_messages)`,
        },
      ),
    );
  };
  check(["provider", "default"], record(merged["provider"])["default"]);
  for (const [name, role] of Object.entries(roles))
    check(["roles", name, "provider"], record(role)["provider"]);
  return errors;
}

/** What each wire's SDK appends to `base_url` (docs/providers.md, "Wires"). */
const WIRE_PATHS: Record<string, string> = {
  responses: "/responses",
  chat_completions: "/chat/completions",
  anthropic_messages: "/v1/messages",
};

/**
 * A `base_url` that already ends with the wire's own path (`…/v1/responses`, or `…/v1` for the
 * Anthropic SDK, which adds `/v1/messages`) gets every request a 404. Refused when the config is
 * read, so a run does not reach its first call only after minutes of baseline validators.
 */
function baseUrlErrors(
  merged: Record<string, unknown>,
  at: (path: PropertyKey[]) => ErrorLocation,
): LeashError[] {
  const entries: { path: PropertyKey[]; wire: unknown; url: unknown }[] = [
    {
      path: ["provider", "openai"],
      wire: "responses",
      url: record(record(merged["provider"])["openai"])["base_url"],
    },
    ...Object.entries(record(merged["providers"])).map(([name, raw]) => ({
      path: ["providers", name] as PropertyKey[],
      wire: record(raw)["wire"],
      url: record(raw)["base_url"],
    })),
  ];
  const errors: LeashError[] = [];
  for (const { path, wire, url } of entries) {
    if (typeof url !== "string" || typeof wire !== "string") continue;
    const own = WIRE_PATHS[wire];
    if (own === undefined) continue;
    const trimmed = url.replace(/\/+$/, "");
    const doubled = [own, ...(wire === "anthropic_messages" ? ["/v1"] : [])].find((p) => trimmed.endsWith(p));
    if (doubled === undefined) continue;
    const fixed = trimmed.slice(0, trimmed.length - doubled.length);
    errors.push(
      new InputError(
        "config.base_url_has_endpoint",
        `\`${url}\` already ends with \`${doubled}\`; the ${wire} wire adds \`${own}\` itself, so every request would go to ${trimmed}${own} and fail`,
        {
          location: at([...path, "base_url"]),
          hint: `set ${path.join(".")}.base_url to \`${fixed}\``,
        },
      ),
    );
  }
  return errors;
}

function record(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/** A team scope needs both its name and its total: one without the other would pass unnoticed. */
function teamBudgetErrors(
  budget: Record<string, unknown>,
  at: (path: PropertyKey[]) => ReturnType<YamlSource["locate"]>,
): LeashError[] {
  const team = budget["team"];
  const total = budget["team_total_budget_usd"];
  const named = typeof team === "string" && team.length > 0;
  const priced = typeof total === "number";
  if (named && !priced) {
    return [
      new InputError(
        "config.team_without_budget",
        `budget.team \`${team}\` has no budget.team_total_budget_usd`,
        {
          location: at(["budget", "team"]),
          hint: "set budget.team_total_budget_usd to the team's total in USD (the same in every repository of the team)",
        },
      ),
    ];
  }
  if (priced && !named) {
    return [
      new InputError(
        "config.budget_without_team",
        "budget.team_total_budget_usd is set but budget.team is not",
        {
          location: at(["budget", "team_total_budget_usd"]),
          hint: "name the team with budget.team, or remove budget.team_total_budget_usd",
        },
      ),
    ];
  }
  return [];
}
