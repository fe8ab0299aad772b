/** Response bodies as each provider's published API returns them (the fields Leash reads, and the envelope). */

export interface ChatBodyInit {
  content?: string | null;
  refusal?: string | null;
  finishReason?: "stop" | "length" | "content_filter" | "tool_calls";
  model?: string;
  usage?: { prompt: number; cached?: number; completion: number; reasoning?: number } | null;
  serviceTier?: string;
}

/** POST /v1/chat/completions → a `chat.completion` object. */
export function chatCompletionBody(init: ChatBodyInit): Record<string, unknown> {
  const usage = init.usage === null ? undefined : (init.usage ?? { prompt: 120, completion: 40 });
  const body: Record<string, unknown> = {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_764_000_000,
    model: init.model ?? "qwen2.5-coder:7b",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: init.content ?? null, refusal: init.refusal ?? null },
        finish_reason: init.finishReason ?? "stop",
        logprobs: null,
      },
    ],
  };
  if (init.serviceTier !== undefined) body.service_tier = init.serviceTier;
  if (usage) {
    body.usage = {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      prompt_tokens_details: { cached_tokens: usage.cached ?? 0 },
      completion_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
    };
  }
  return body;
}

export interface MessageBodyInit {
  /** The forced tool's input (structured output). */
  toolInput?: unknown;
  text?: string;
  thinking?: string;
  stopReason?: "end_turn" | "max_tokens" | "tool_use" | "refusal" | "stop_sequence";
  model?: string;
  usage?: { input: number; cacheRead?: number; cacheWrite?: number; output: number; thinking?: number };
}

/** POST /v1/messages → a `message` object. */
export function anthropicMessageBody(init: MessageBodyInit): Record<string, unknown> {
  const content: unknown[] = [];
  if (init.thinking !== undefined)
    content.push({ type: "thinking", thinking: init.thinking, signature: "sig" });
  if (init.toolInput !== undefined)
    content.push({ type: "tool_use", id: "toolu_1", name: "leash_output", input: init.toolInput });
  if (init.text !== undefined) content.push({ type: "text", text: init.text });
  const u = init.usage ?? { input: 200, output: 60 };
  return {
    id: "msg_test",
    type: "message",
    role: "assistant",
    model: init.model ?? "claude-sonnet-4-5-20250929",
    content,
    stop_reason: init.stopReason ?? (init.toolInput !== undefined ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: {
      input_tokens: u.input,
      cache_creation_input_tokens: u.cacheWrite ?? 0,
      cache_read_input_tokens: u.cacheRead ?? 0,
      output_tokens: u.output,
      output_tokens_details: u.thinking === undefined ? null : { thinking_tokens: u.thinking },
      service_tier: "standard",
    },
  };
}

/** Anthropic's error envelope. */
export function anthropicError(type: string, message: string): Record<string, unknown> {
  return { type: "error", error: { type, message } };
}
