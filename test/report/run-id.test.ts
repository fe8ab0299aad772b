import { describe, expect, it } from "vitest";
import { newRunId, slugTaskId } from "../../src/report/run-id.js";

describe("newRunId", () => {
  it("puts UTC time first, then the slugged task id, then 4 hex", () => {
    const id = newRunId("Fix Parser!", new Date("2026-11-24T15:30:12.345Z"));
    expect(id).toMatch(/^20261124-153012-fix-parser-[0-9a-f]{4}$/);
  });

  it("cuts the slug to 40 characters and never leaves it empty", () => {
    expect(slugTaskId("a".repeat(60))).toHaveLength(40);
    expect(slugTaskId(`${"a".repeat(39)}-b`)).toBe("a".repeat(39));
    expect(slugTaskId("文件")).toBe("task");
    expect(slugTaskId("Ünïcode_Task")).toBe("unicode-task");
  });

  it("sorts by time", () => {
    const a = newRunId("zzz", new Date("2026-01-01T00:00:09Z"));
    const b = newRunId("aaa", new Date("2026-01-01T00:00:10Z"));
    expect([b, a].sort()).toEqual([a, b]);
  });
});
