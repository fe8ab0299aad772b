import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/context/build-context.js";
import { makeTask } from "../routing/config-fixture.js";

const text = fc.string({ maxLength: 400 }).map((s) => `${s}\n`);

describe("buildContext properties", () => {
  it("an ok result is always inside both limits and never shows a forbidden file", () => {
    fc.assert(
      fc.property(
        text,
        fc.array(text, { maxLength: 6 }),
        fc.array(fc.record({ patch: text, failures: text }), { maxLength: 3 }),
        fc.integer({ min: 1500, max: 8000 }),
        fc.integer({ min: 300, max: 3000 }),
        (editable, contexts, feedback, maxChars, maxTokens) => {
          const files = [
            { path: "src/a.ts", content: Buffer.from(editable) },
            { path: "secrets/k.txt", content: Buffer.from("FORBIDDEN-CONTENT\n") },
            ...contexts.map((c, i) => ({ path: `lib/c${i}.ts`, content: Buffer.from(c) })),
          ];
          const r = buildContext({
            task: makeTask({ allowedFiles: ["src/a.ts"], contextFiles: ["lib/**", "secrets/**"] }),
            output: "patch",
            limits: { maxContextChars: maxChars, maxInputTokens: maxTokens },
            files,
            feedback: feedback.map((f, i) => ({
              attempt: i + 1,
              previousPatch: f.patch,
              validatorFailures: f.failures,
            })),
            encodingCount: (t) => Math.ceil(t.length / 3),
          });
          if (r.ok) {
            expect(r.chars).toBeLessThanOrEqual(maxChars);
            expect(r.tokens).toBeLessThanOrEqual(maxTokens);
            expect(r.chars).toBe(r.instructions.length + r.input.length);
            expect(r.input).not.toContain("FORBIDDEN-CONTENT");
          } else {
            expect(r.chars > maxChars || r.tokens > maxTokens).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
