import { type LeashConfig, REASONING_EFFORTS, type ReasoningEffort } from "../config/schema.js";

export type EffortChoice =
  | { ok: true; effort: ReasoningEffort; reasons: string[] }
  | { ok: false; effort: ReasoningEffort; accepted: ReasoningEffort[]; reason: string };

/**
 * The role's effort, else reasoning_effort.default. A role that names an effort its model does
 * not accept is a config mistake and refused; the global default is instead moved to the
 * nearest effort the model accepts (ties go to the higher one: the cheaper guess fails more).
 */
export function chooseReasoningEffort(config: LeashConfig, role: string, model: string): EffortChoice {
  const own = config.roles[role]?.reasoning_effort;
  const wanted = own ?? config.reasoning_effort.default;
  const accepted = config.pricing.models[model]?.efforts;
  const source = own === undefined ? "reasoning_effort.default" : "the role's reasoning_effort";
  if (accepted === undefined || accepted.includes(wanted)) {
    return { ok: true, effort: wanted, reasons: [`effort ${wanted}: ${source}`] };
  }
  if (own !== undefined) {
    return {
      ok: false,
      effort: wanted,
      accepted: [...accepted],
      reason: `role ${role} asks for reasoning effort ${wanted}, which ${model} does not accept (${accepted.join(", ")})`,
    };
  }
  const rank = (e: ReasoningEffort) => REASONING_EFFORTS.indexOf(e);
  const nearest = [...accepted].sort(
    (a, b) => Math.abs(rank(a) - rank(wanted)) - Math.abs(rank(b) - rank(wanted)) || rank(b) - rank(a),
  )[0] as ReasoningEffort;
  return {
    ok: true,
    effort: nearest,
    reasons: [`effort ${nearest}: ${model} does not accept the default ${wanted}; nearest accepted`],
  };
}
