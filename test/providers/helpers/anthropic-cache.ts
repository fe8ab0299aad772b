import type { ReceivedRequest, Reply } from "./responses-server.js";
import { anthropicMessageBody } from "./wire-bodies.js";

/**
 * Prompt caching as Anthropic documents it, small: the prefix (tools, system, then message
 * blocks) up to the last block marked `cache_control` is written to the cache on first sight
 * and read from it on a repeat; everything after is plain input. Tokens are counted as
 * characters / 4, which is all a test needs to compare two attempts.
 */
export function cachingAnthropic(answer: (request: ReceivedRequest) => unknown, output = 80) {
  const seen = new Set<string>();
  return (request: ReceivedRequest): Reply => {
    const body = request.body as {
      tools?: unknown[];
      system?: { text: string }[];
      messages: { content: { text: string; cache_control?: unknown }[] }[];
    };
    const blocks = body.messages.flatMap((m) => m.content);
    const marked = blocks.map((b) => b.cache_control !== undefined).lastIndexOf(true);
    const head = JSON.stringify([body.tools ?? [], body.system ?? []]);
    const prefix = marked === -1 ? "" : head + JSON.stringify(blocks.slice(0, marked + 1));
    const rest = marked === -1 ? head + JSON.stringify(blocks) : JSON.stringify(blocks.slice(marked + 1));
    const prefixTokens = Math.ceil(prefix.length / 4);
    const hit = prefix !== "" && seen.has(prefix);
    if (prefix !== "") seen.add(prefix);
    return {
      status: 200,
      body: anthropicMessageBody({
        toolInput: answer(request),
        usage: {
          input: Math.ceil(rest.length / 4),
          cacheRead: hit ? prefixTokens : 0,
          cacheWrite: hit ? 0 : prefixTokens,
          output,
        },
      }),
    };
  };
}
