import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEventLog, eventsPath } from "../../src/report/events.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leash-events-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("createEventLog", () => {
  it("writes one {time, run, stage, event, data} object a line, synchronously", () => {
    const log = createEventLog(join(dir, "run"), "r1");
    log.emit("route", "role_chosen", { role: "builder", tier: "flex" });
    const firstLine = readFileSync(eventsPath(join(dir, "run")), "utf8");
    expect(firstLine.trim().split("\n")).toHaveLength(1);
    log.emit("apply", "done");
    log.close();
    log.emit("late", "ignored");
    const lines = readFileSync(eventsPath(join(dir, "run")), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]).sort()).toEqual(["data", "event", "run", "stage", "time"]);
    expect(lines[0]).toMatchObject({
      run: "r1",
      stage: "route",
      event: "role_chosen",
      data: { role: "builder", tier: "flex" },
    });
    expect(lines[1]).toMatchObject({ stage: "apply", event: "done", data: {} });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });
});
