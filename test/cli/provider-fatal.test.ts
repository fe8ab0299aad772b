import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeashAsync } from "../helpers/leash-cli.js";
import { ledgerRows } from "../helpers/ledger-rows.js";
import { type ResponsesServer, startResponsesServer } from "../providers/helpers/responses-server.js";

/**
 * What retrying cannot fix ends the run at the first call (SPEC §12): the real CLI and SDK
 * against a local Responses server that answers 401, 404, 400/422, or nothing at all. Each case
 * would otherwise retry, climb the ladder and ask the gpt-5-pro reviewer.
 */

const ENV = { LEASH_TEST_OPENAI_KEY: "sk-test-fatal-0123456789" };

let repo: TempRepo;
let server: ResponsesServer;
beforeEach(async () => {
  server = await startResponsesServer();
});
afterEach(async () => {
  repo?.cleanup();
  await server.close();
});

function project(baseURL: string, maxRetries = 2): TempRepo {
  return makeJsProject({
    provider: {
      openai: {
        enabled: true,
        api_key_env: "LEASH_TEST_OPENAI_KEY",
        base_url: baseURL,
        max_retries: maxRetries,
      },
    },
    roles: { general_builder: { model: "gpt-5-mini", output: "patch" } },
  });
}

async function runFatal(baseURL: string, maxRetries?: number) {
  repo = project(baseURL, maxRetries);
  // Three attempts and a reviewer are available: a stop must use none of them.
  const task = writeTask(repo, "fix", { budget: { max_attempts: 3 } });
  const before = repo.snapshot();
  const r = await runLeashAsync(repo.root, ["run", "--provider", "openai", "--json", task], ENV);
  expect(repo.snapshot()).toEqual(before);
  expect(repo.git("status", "--porcelain")).toBe("");
  const report = JSON.parse(r.stdout) as {
    status: string;
    exitCode: number;
    message: string;
    attempts: { outcome: string }[];
    reviews: unknown[];
    block?: { code: string };
  };
  return { r, report, rows: await ledgerRows(repo.root) };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("a provider failure retrying cannot fix stops the run", () => {
  it("401: one call, no reviewer, exit 2, the message names the endpoint and the key variable", async () => {
    server.reply({
      status: 401,
      body: {
        error: {
          message: "Incorrect API key provided",
          type: "invalid_request_error",
          code: "invalid_api_key",
        },
      },
    });
    const { r, report, rows } = await runFatal(server.baseURL);
    expect(r.status).toBe(2);
    expect(server.received).toHaveLength(1);
    expect(report.status).toBe("provider_error");
    expect(report.block?.code).toBe("provider.auth");
    expect(report.attempts.map((a) => a.outcome)).toEqual(["provider_failed"]);
    expect(report.reviews).toEqual([]);
    expect(report.message).toContain(`${server.baseURL}/responses`);
    expect(report.message).toContain("HTTP 401");
    expect(report.message).toContain("LEASH_TEST_OPENAI_KEY");
    expect(r.stderr).toContain("provider error");
    expect(rows.map((row) => row.status)).toEqual(["released"]);
  });

  it("404: one call, exit 2, the fix names base_url, the wire protocol and the model", async () => {
    server.reply({ status: 404, body: { error: { message: "Not Found", type: "invalid_request_error" } } });
    const { r, report } = await runFatal(server.baseURL);
    expect(r.status).toBe(2);
    expect(server.received).toHaveLength(1);
    expect(report.block?.code).toBe("provider.not_found");
    expect(report.message).toContain("HTTP 404");
    expect(report.message).toContain("provider.openai.base_url");
    expect(report.message).toContain("responses wire protocol");
    expect(report.message).toContain("gpt-5-mini");
  });

  it.each([400, 422])("%i: an invalid request is not sent again", async (status) => {
    server.reply({
      status,
      body: { error: { message: "Unsupported parameter: 'foo'", type: "invalid_request_error" } },
    });
    const { r, report } = await runFatal(server.baseURL);
    expect(r.status).toBe(2);
    expect(server.received).toHaveLength(1);
    expect(report.block?.code).toBe("provider.bad_request");
  });

  it("connection refused: the documented retries (max_retries), then exit 2 naming base_url", async () => {
    const port = await closedPort();
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const { r, report, rows } = await runFatal(baseURL, 1);
    expect(r.status).toBe(2);
    expect(report.block?.code).toBe("provider.unreachable");
    // One call plus provider.openai.max_retries transport retries, each reserved and released.
    expect(rows.map((row) => row.status)).toEqual(["released", "released"]);
    expect(report.attempts).toHaveLength(1);
    expect(report.reviews).toEqual([]);
    expect(report.message).toContain(`${baseURL}/responses`);
    expect(report.message).toContain("after 2 tries");
    expect(report.message).toContain("provider.openai.base_url");
  });
});
