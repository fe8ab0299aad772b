import type {
  MessageCreateParamsNonStreaming,
  TextBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { ReasoningEffort } from "../../config/schema.js";
import type { ProviderRequest } from "../contract.js";
import { outputJsonSchema } from "../output-json-schema.js";
import { withShapeSpelledOut } from "../shape-instructions.js";
import { splitStablePrefix } from "../stable-prefix.js";

export const OUTPUT_TOOL = "leash_output";

export interface AnthropicSwitches {
  /** Extended thinking with a budget from the reasoning effort. */
  sendReasoning: boolean;
  /** `cache_control` on the stable prefix (instructions, goal and files). */
  promptCache: boolean;
  /** Ask for the schema (a forced tool, or JSON output when thinking is on); else the prompt alone. */
  structuredOutput: boolean;
}

/** Anthropic needs at least 1,024 thinking tokens and the budget below max_tokens. */
const MIN_THINKING = 1024;
const THINKING_BY_EFFORT: Partial<Record<ReasoningEffort, number>> = {
  low: 1024,
  medium: 4096,
  high: 8192,
  xhigh: 16384,
};

/** The thinking budget for an effort, or null when the effort or the output cap leaves no room. */
export function thinkingBudget(effort: ReasoningEffort, maxTokens: number): number | null {
  const wanted = THINKING_BY_EFFORT[effort];
  if (wanted === undefined) return null;
  const room = maxTokens - MIN_THINKING;
  if (room < MIN_THINKING) return null;
  return Math.min(wanted, room);
}

/**
 * The Messages API body. Order is tools → system → messages, and the cache breakpoint sits on
 * the user block that holds the goal and the files: the part every attempt of a task repeats,
 * so a retry reads it from the cache instead of paying for it again.
 */
export function buildMessagesBody(
  request: ProviderRequest,
  switches: AnthropicSwitches,
): MessageCreateParamsNonStreaming {
  const budget = switches.sendReasoning
    ? thinkingBudget(request.reasoningEffort, request.maxOutputTokens)
    : null;
  const schema = outputJsonSchema(request.wantedOutput);
  const { stable, varying } = splitStablePrefix(request.input);
  const cache = switches.promptCache ? { cache_control: { type: "ephemeral" as const } } : {};
  const content: TextBlockParam[] = [{ type: "text", text: stable, ...cache }];
  if (varying !== "") content.push({ type: "text", text: varying });
  const system = switches.structuredOutput
    ? request.instructions
    : withShapeSpelledOut(request.instructions, request.wantedOutput);
  const body: MessageCreateParamsNonStreaming = {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    system: [{ type: "text", text: system }],
    messages: [{ role: "user", content }],
  };
  if (budget !== null) body.thinking = { type: "enabled", budget_tokens: budget };
  if (!switches.structuredOutput) return body;
  if (budget !== null) {
    // A forced tool choice cannot be combined with thinking: ask for JSON output instead.
    body.output_config = { format: { type: "json_schema", schema } };
    return body;
  }
  body.tools = [
    {
      name: OUTPUT_TOOL,
      description: "Submit the answer. Call this exactly once with the whole answer.",
      input_schema: { ...schema, type: "object" },
    },
  ];
  body.tool_choice = { type: "tool", name: OUTPUT_TOOL };
  return body;
}
