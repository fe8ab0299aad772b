import { countTokens } from "gpt-tokenizer";
import { describe, expect, it } from "vitest";
import { type BuildContextInput, buildContext } from "../../src/context/build-context.js";
import { makeTask } from "../routing/config-fixture.js";

const quarter = (text: string) => Math.ceil(text.length / 4);
const file = (path: string, text: string | null) => ({
  path,
  content: text === null ? null : Buffer.from(text),
});

function input(over: Partial<BuildContextInput> = {}): BuildContextInput {
  return {
    task: makeTask({
      allowedFiles: ["src/duration.ts", "src/new.ts"],
      contextFiles: ["src/types.ts", "src/big.ts"],
    }),
    output: "patch",
    limits: { maxContextChars: 100_000, maxInputTokens: 30_000 },
    files: [
      file("src/duration.ts", "export function parse(s) {\n  return h * 3600;\n}\n"),
      file("src/types.ts", "export type D = number;\n"),
      file("src/new.ts", null),
    ],
    encodingCount: quarter,
    ...over,
  };
}

describe("buildContext: content", () => {
  it("has the goal, numbered editable files, read-only context and the output contract", () => {
    const r = buildContext(input({ encodingCount: countTokens }));
    if (!r.ok) throw new Error("expected ok");
    expect(r.input).toContain("# Goal\nparseDuration('1h30m') must return 5400");
    expect(r.input).toContain("## src/duration.ts (editable, 3 lines)");
    expect(r.input).toContain("   2|   return h * 3600;");
    expect(r.input).toContain("## src/types.ts (read-only context, 1 lines)");
    expect(r.input).toContain("## src/new.ts (editable; does not exist yet");
    expect(r.instructions).toMatch(/unified_diff/);
    expect(r.instructions).toMatch(/a\/<path>/);
    expect(r.instructions).toMatch(/Never delete, rename/);
    expect(r.chars).toBe(r.instructions.length + r.input.length);
    expect(r.tokens).toBe(countTokens(r.instructions) + countTokens(r.input));
    expect(r.trimmed).toEqual([]);
  });

  it("asks reviewers for a diagnosis and classifiers for a classification", () => {
    const d = buildContext(input({ output: "diagnosis" }));
    const c = buildContext(input({ output: "classification" }));
    expect(d.ok && d.instructions).toMatch(/"diagnosis": \{"summary"/);
    expect(d.ok && d.instructions).toMatch(/Do not write a patch/);
    expect(c.ok && c.instructions).toMatch(/"classification"/);
  });

  it("never includes forbidden, outside-repo, binary or unrequested files", () => {
    const r = buildContext(
      input({
        task: makeTask({
          allowedFiles: ["src/**", "../x.ts"],
          contextFiles: ["secrets/**", "img.png", "bad.txt"],
        }),
        files: [
          file("src/duration.ts", "code\n"),
          file("secrets/key.txt", "hunter2\n"),
          file("src/.env.local", "OPENAI_API_KEY=sk-abc\n"),
          file("../x.ts", "outside\n"),
          file("/etc/passwd", "root\n"),
          file("src/.git/config", "x\n"),
          { path: "img.png", content: Buffer.from([0x89, 0x50, 0x00, 0x01]) },
          { path: "bad.txt", content: Buffer.from([0x61, 0xff, 0xfe, 0x62]) },
          file("unrelated.ts", "nope\n"),
        ],
      }),
    );
    if (!r.ok) throw new Error("expected ok");
    expect(r.input).not.toMatch(/hunter2|sk-abc|outside|root|unrelated|nope/);
    expect(r.files.map((f) => f.path)).toEqual(["src/duration.ts"]);
    expect(r.input).toContain("[skipped: img.png is binary]");
    expect(r.input).toContain("[skipped: bad.txt is binary]");
    expect(r.input).not.toContain("secrets/key.txt");
    expect(Object.fromEntries(r.skipped.map((s) => [s.path, s.reason]))).toEqual({
      "secrets/key.txt": "forbidden",
      "src/.env.local": "forbidden",
      "../x.ts": "outside_repo",
      "/etc/passwd": "outside_repo",
      "src/.git/config": "outside_repo",
      "img.png": "binary",
      "bad.txt": "binary",
      "unrelated.ts": "not_requested",
    });
  });

  it("shows the previous attempt: patch, condensed redacted failures, reason and diagnosis", () => {
    const failures = [
      "RUN v4",
      ...Array.from({ length: 200 }, (_, i) => `noise line ${i}`),
      " FAIL  test/d.test.ts > parse > hours",
      "AssertionError: expected 3600 to be 5400",
      "AssertionError: expected 3600 to be 5400",
      "Error: OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx",
      "Authorization: Bearer abcdefghijklmnop",
      ...Array.from({ length: 100 }, (_, i) => `tail line ${i}`),
    ].join("\n");
    const r = buildContext(
      input({
        feedback: {
          attempt: 1,
          previousPatch: "--- a/src/duration.ts\n+++ b/src/duration.ts\n",
          validatorFailures: failures,
          parseOrSafetyReason: "hunk 1 did not apply",
          diagnosis: {
            summary: "minutes ignored",
            root_cause: "m unused",
            evidence: ["line 2"],
            suggested_plan: ["add m * 60"],
            confidence: 0.8,
          },
        },
      }),
    );
    if (!r.ok) throw new Error("expected ok");
    expect(r.input).toContain("# Previous attempt 1");
    expect(r.input).toContain("+++ b/src/duration.ts");
    expect(r.input).toContain("FAIL  test/d.test.ts > parse > hours");
    expect(r.input.match(/AssertionError: expected 3600 to be 5400/g)).toHaveLength(1);
    expect(r.input).not.toMatch(/sk-proj-abcdef|Bearer abcdefghijklmnop/);
    expect(r.input).toContain("OPENAI_API_KEY=[REDACTED ");
    expect(r.input).not.toContain("noise line 100");
    expect(r.input).toContain("tail line 99");
    expect(r.input).toMatch(/\[… \d+ lines omitted …\]/);
    expect(r.input).toContain("Root cause: m unused");
    expect(r.input).toContain("1. add m * 60");
  });
});

describe("buildContext: limits", () => {
  const big = (n: number) => `${"x".repeat(79)}\n`.repeat(n);
  const withBig = (limits: BuildContextInput["limits"], feedback?: BuildContextInput["feedback"]) =>
    input({
      limits,
      files: [file("src/duration.ts", "a\n"), file("src/types.ts", big(20)), file("src/big.ts", big(100))],
      ...(feedback === undefined ? {} : { feedback }),
    });

  it("drops context files largest first and says so in the prompt", () => {
    const all = buildContext(withBig({ maxContextChars: 1e6, maxInputTokens: 1e6 }));
    if (!all.ok) throw new Error("expected ok");
    const r = buildContext(withBig({ maxContextChars: all.chars - 100, maxInputTokens: 1e6 }));
    if (!r.ok) throw new Error("expected ok");
    expect(r.trimmed).toHaveLength(1);
    expect(r.trimmed[0]).toMatch(/^context file src\/big.ts \(\d+ chars\) left out/);
    expect(r.input).toContain("[trimmed: context file src/big.ts");
    expect(r.input).toContain("## src/types.ts");
    expect(r.chars).toBeLessThanOrEqual(all.chars - 100);
  });

  it("trims by tokens as well as chars", () => {
    const all = buildContext(withBig({ maxContextChars: 1e6, maxInputTokens: 1e6 }));
    if (!all.ok) throw new Error("expected ok");
    const r = buildContext(withBig({ maxContextChars: 1e6, maxInputTokens: all.tokens - 10 }));
    expect(r.ok && r.tokens).toBeLessThanOrEqual(all.tokens - 10);
    expect(r.ok && r.trimmed.length).toBeGreaterThan(0);
  });

  it("then old feedback, then the validator output tail, in that order", () => {
    const old = { attempt: 1, previousPatch: "old patch ".repeat(50), validatorFailures: "old failure" };
    const latest = {
      attempt: 2,
      previousPatch: "latest patch",
      validatorFailures: Array.from({ length: 40 }, (_, i) => `Error: failure number ${i}`).join("\n"),
    };
    const all = buildContext(withBig({ maxContextChars: 1e6, maxInputTokens: 1e6 }, [old, latest]));
    if (!all.ok) throw new Error("expected ok");
    const onlyLatest = buildContext(
      input({
        limits: { maxContextChars: 1e6, maxInputTokens: 1e6 },
        files: [file("src/duration.ts", "a\n")],
        feedback: latest,
      }),
    );
    if (!onlyLatest.ok) throw new Error("expected ok");
    const r = buildContext(
      withBig({ maxContextChars: onlyLatest.chars - 300, maxInputTokens: 1e6 }, [old, latest]),
    );
    if (!r.ok) throw new Error("expected ok");
    expect(r.trimmed.slice(0, 3)).toEqual([
      expect.stringMatching(/^context file src\/big.ts/),
      expect.stringMatching(/^context file src\/types.ts/),
      "feedback of attempt 1 left out to fit the limits",
    ]);
    expect(r.trimmed[3]).toMatch(/^validator output of attempt 2 cut to its first \d+ lines/);
    expect(r.input).not.toContain("old patch");
    expect(r.input).toContain("latest patch");
    expect(r.input).toContain("[trimmed: feedback of attempt 1 left out to fit the limits]");
    expect(r.input).toMatch(/\[… \d+ more lines cut to fit …\]/);
  });

  it("refuses when the goal and the editable files alone do not fit", () => {
    const r = buildContext(
      input({
        limits: { maxContextChars: 500, maxInputTokens: 1e6 },
        files: [file("src/duration.ts", big(50))],
      }),
    );
    expect(r).toMatchObject({ ok: false, code: "context.allowed_files_do_not_fit", limitChars: 500 });
    if (!r.ok) expect(r.chars).toBeGreaterThan(500);
    const t = buildContext(
      input({
        limits: { maxContextChars: 1e6, maxInputTokens: 100 },
        files: [file("src/duration.ts", big(50))],
      }),
    );
    expect(t).toMatchObject({ ok: false, limitTokens: 100 });
    if (!t.ok) expect(Number.isFinite(t.tokens) && t.tokens > 100).toBe(true);
  });
});

describe("buildContext: many context files", () => {
  it("drops them largest first and sums them up in one prompt note", () => {
    const files = [file("src/duration.ts", "a\n")];
    for (let i = 1; i <= 40; i++) files.push(file(`src/lib/m${i}.ts`, `${"y".repeat(40 + i)}\n`.repeat(20)));
    const r = buildContext(
      input({
        task: makeTask({ allowedFiles: ["src/duration.ts"], contextFiles: ["src/lib/**"] }),
        files,
        limits: { maxContextChars: 12_000, maxInputTokens: 1e6 },
      }),
    );
    if (!r.ok) throw new Error("expected ok");
    expect(r.chars).toBeLessThanOrEqual(12_000);
    const dropped = r.trimmed.length;
    expect(dropped).toBeGreaterThan(3);
    expect(r.trimmed[0]).toMatch(/^context file src\/lib\/m40.ts/);
    expect(r.input).toContain(
      `[trimmed: ${dropped} context files left out to fit the limits, largest first: src/lib/m40.ts, src/lib/m39.ts, src/lib/m38.ts (+${dropped - 3} more)]`,
    );
    expect(r.input).toContain("## src/lib/m1.ts");
  });
});
