import { describe, expect, it } from "vitest";
import { checkCallLimits } from "../../src/budget/limits.js";
import type { LimitsConfig } from "../../src/config/schema.js";
import { BlockedError } from "../../src/errors.js";

const limits: LimitsConfig = {
  max_input_tokens_per_call: 32_000,
  max_output_tokens_per_call: 4_000,
  max_context_chars_per_call: 128_000,
  max_patch_bytes: 256_000,
  max_runtime_s_per_task: 1_800,
  max_validator_output_bytes: 65_536,
  max_attempts_per_task: 4,
  max_files_per_patch: 10,
  max_hunks_per_patch: 40,
};

const atCaps = {
  contextChars: 128_000,
  inputTokens: 32_000,
  maxOutputTokens: 4_000,
  elapsedS: 1_799,
  patchBytes: 256_000,
};

function blockOf(figures: Partial<typeof atCaps>): BlockedError {
  try {
    checkCallLimits({ ...atCaps, ...figures }, limits);
  } catch (error) {
    if (error instanceof BlockedError) return error;
    throw error;
  }
  throw new Error("expected a block");
}

describe("checkCallLimits", () => {
  it("passes a call exactly at every cap", () => {
    expect(() => checkCallLimits(atCaps, limits)).not.toThrow();
    const { patchBytes: _omit, ...noPatch } = atCaps;
    expect(() => checkCallLimits(noPatch, limits)).not.toThrow();
  });

  it("blocks on context chars", () => {
    const e = blockOf({ contextChars: 128_001 });
    expect(e.code).toBe("budget.context_chars");
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe("blocked: context chars per call: 128001 chars > limit 128000 chars");
    expect(e.location?.field).toBe("limits.max_context_chars_per_call");
  });

  it("blocks on input tokens", () => {
    const e = blockOf({ inputTokens: 32_001 });
    expect(e.code).toBe("budget.input_tokens");
    expect(e.message).toBe("blocked: input tokens per call: 32001 tokens > limit 32000 tokens");
  });

  it("blocks on output tokens", () => {
    const e = blockOf({ maxOutputTokens: 8_000 });
    expect(e.code).toBe("budget.output_tokens");
    expect(e.message).toBe("blocked: output tokens per call: 8000 tokens > limit 4000 tokens");
  });

  it("blocks on runtime once the task has used all of it", () => {
    const e = blockOf({ elapsedS: 1_800 });
    expect(e.code).toBe("budget.runtime");
    expect(e.message).toBe("blocked: runtime per task: 1800 s >= limit 1800 s");
  });

  it("blocks on patch bytes", () => {
    const e = blockOf({ patchBytes: 300_000 });
    expect(e.code).toBe("budget.patch_bytes");
    expect(e.message).toBe("blocked: patch bytes: 300000 bytes > limit 256000 bytes");
    expect(e.hint).toMatch(/max_patch_bytes/);
  });
});
