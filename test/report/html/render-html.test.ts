import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderHtmlReport } from "../../../src/report/html/render-html.js";
import type { RunReport } from "../../../src/report/report-types.js";

const HOSTILE = '</pre><script>alert("x")</script><img src=https://evil.example/x.png>';

function report(): RunReport {
  const call = (usdSpent: number) => ({
    role: "general_builder",
    model: "gpt-5.1",
    requestedTier: "flex" as const,
    actualTier: "flex" as const,
    reasoningEffort: "medium" as const,
    estimatedInputTokens: 900,
    maxOutputTokens: 2000,
    usage: { input: 880, cachedInput: 0, output: 120, reasoning: 0 },
    projectedUsd: 0.02,
    actualUsd: usdSpent,
    status: "ok" as const,
    latencyMs: 1200,
  });
  const diff = `--- a/src/add.js\n+++ b/src/add.js\n@@ -1,3 +1,3 @@\n export function add(a, b) {\n-  return a - b; // ${HOSTILE}\n+  return a + b;\n }\n`;
  return {
    runId: "20261201-120000-fix-add-ab12",
    taskId: "fix-add",
    taskFile: "tasks/fix-add.yaml",
    status: "accepted",
    exitCode: 0,
    message: "accepted on attempt 2: left in the working tree for review",
    provider: "fake",
    classification: { intent: "bugfix", source: "task", reasons: [] },
    route: [],
    rolePath: ["general_builder"],
    attempts: [
      {
        attempt: 1,
        role: "general_builder",
        model: "gpt-5.1",
        outcome: "validators_failed",
        calls: [call(0.0031)],
        repairs: [],
        filesTouched: ["src/add.js"],
        validators: [
          {
            name: "unit",
            passed: false,
            exitCode: 1,
            timedOut: false,
            durationMs: 800,
            failureCount: 2,
            failures: [`test adds: expected 5 got -1 ${HOSTILE}`],
          },
        ],
        verdict: { verdict: "converging", reasons: ["first failure"], numbers: {} } as never,
        durationMs: 2000,
      },
      {
        attempt: 2,
        role: "general_builder",
        model: "gpt-5.1",
        outcome: "accepted",
        calls: [call(0.0024)],
        repairs: [],
        patchText: diff,
        filesTouched: ["src/add.js"],
        validators: [
          {
            name: "unit",
            passed: true,
            exitCode: 0,
            timedOut: false,
            durationMs: 700,
            failureCount: 0,
            failures: [],
          },
        ],
        durationMs: 1800,
      },
    ],
    reviews: [],
    totals: {
      calls: 2,
      estimatedInputTokens: 1800,
      inputTokens: 1760,
      cachedInputTokens: 0,
      outputTokens: 240,
      reasoningTokens: 0,
      projectedUsd: 0.04,
      actualUsd: 0.0055,
    },
    stages: [],
    change: { where: "working_tree", files: ["src/add.js"], diffstat: { files: 1, added: 1, removed: 1 } },
    undo: "leash undo 20261201-120000-fix-add-ab12",
    startedAt: "2026-12-01T12:00:00.000Z",
    endedAt: "2026-12-01T12:00:04.000Z",
    durationMs: 4000,
  };
}

describe("the HTML run report", () => {
  const html = renderHtmlReport(report());

  it("is one self-contained file: no script, no external reference, a CSP that forbids both", () => {
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link /i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(?:src|href)=/i);
  });

  it("escapes everything the model and the validators wrote", () => {
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<img src=https://evil.example");
  });

  it("shows the accepted diff, every attempt with verdict, failures and cost, a chart and the undo command", () => {
    expect(html).toContain('class="diff"');
    expect(html).toMatch(/<tr class="add">.*a \+ b;/);
    expect(html).toMatch(/<tr class="del">/);
    expect(html).toContain("Attempt 1 · general_builder");
    expect(html).toContain("converging");
    expect(html).toContain("expected 5 got -1");
    expect(html).toContain("$0.0031");
    expect(html).toMatch(/<svg class="chart"/);
    expect(html.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(html).toContain("leash undo 20261201-120000-fix-add-ab12");
  });

  describe("in headless Chromium", () => {
    const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
    const dir = mkdtempSync(join(tmpdir(), "leash-html-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.skipIf(!chromium)(
      "renders to a non-blank screenshot with the network off (skips where Debian chromium is absent)",
      () => {
        const file = join(dir, "report.html");
        execFileSync("node", [
          "-e",
          `require("node:fs").writeFileSync(${JSON.stringify(file)}, process.argv[1])`,
          html,
        ]);
        const shot = join(dir, "report.png");
        const r = spawnSync(
          chromium!,
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            `--user-data-dir=${join(dir, "profile")}`,
            "--window-size=1200,1600",
            `--screenshot=${shot}`,
            `file://${file}`,
          ],
          { encoding: "utf8", timeout: 120_000 },
        );
        expect(existsSync(shot), r.stderr).toBe(true);
        if (process.env.LEASH_KEEP_SCREENSHOT) execFileSync("cp", [shot, process.env.LEASH_KEEP_SCREENSHOT]);
        // A blank page compresses to a few hundred bytes; a rendered report is far larger.
        expect(statSync(shot).size).toBeGreaterThan(20_000);
        expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
      },
      180_000,
    );
  });
});
