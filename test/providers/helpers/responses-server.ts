import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake Responses API received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Holds the answer back this long (to exercise timeouts). */
  delayMs?: number;
}

export interface ResponsesServer {
  baseURL: string;
  origin: string;
  received: ReceivedRequest[];
  /** Replies served in order; the last one repeats. A function answers from the request. */
  reply(...replies: (Reply | ((request: ReceivedRequest) => Reply))[]): void;
  close(): Promise<void>;
}

/** A local server that speaks just enough of POST /v1/responses for the real SDK to talk to it. */
export async function startResponsesServer(): Promise<ResponsesServer> {
  const received: ReceivedRequest[] = [];
  let replies: (Reply | ((request: ReceivedRequest) => Reply))[] = [
    { status: 500, body: { error: { message: "no reply scripted" } } },
  ];
  const pending = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const request: ReceivedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      received.push(request);
      const next = replies.length > 1 ? replies.shift() : replies[0];
      const reply = (typeof next === "function" ? next(request) : next) as Reply;
      const send = (): void => {
        pending.delete(res);
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          "content-type": "application/json",
          "x-request-id": `req_${received.length}`,
          ...reply.headers,
        });
        res.end(JSON.stringify(reply.body));
      };
      pending.add(res);
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    baseURL: `${origin}/v1`,
    received,
    reply: (...next) => {
      replies = next;
    },
    close: async () => {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface ResponseBodyInit {
  text?: string;
  status?: "completed" | "incomplete" | "failed";
  model?: string;
  serviceTier?: string | null;
  usage?: { input: number; cached?: number; output: number; reasoning?: number } | null;
  incompleteReason?: string;
  refusal?: string;
}

/** A Responses API object as OpenAI returns it (the fields Leash reads, plus the usual envelope). */
export function responseBody(init: ResponseBodyInit): Record<string, unknown> {
  const content =
    init.refusal !== undefined
      ? [{ type: "refusal", refusal: init.refusal }]
      : [{ type: "output_text", text: init.text ?? "", annotations: [] }];
  const usage = init.usage === null ? undefined : (init.usage ?? { input: 100, output: 50 });
  return {
    id: "resp_test_1",
    object: "response",
    created_at: 1_764_000_000,
    status: init.status ?? "completed",
    model: init.model ?? "gpt-5-mini-2025-08-07",
    service_tier: init.serviceTier === undefined ? "default" : init.serviceTier,
    incomplete_details: init.incompleteReason ? { reason: init.incompleteReason } : null,
    error: null,
    output: [{ id: "msg_1", type: "message", role: "assistant", status: "completed", content }],
    usage: usage && {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: usage.cached ?? 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: usage.reasoning ?? 0 },
      total_tokens: usage.input + usage.output,
    },
  };
}
