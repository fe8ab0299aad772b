import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ADD_BUGGY, ADD_FIXED, diffFor, makeJsProject, writeTask } from "../helpers/js-project.js";
import { runJson, runLeash } from "../helpers/leash-cli.js";

const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;

describe("leash --version", () => {
  it.each([["--version"], ["-V"]])("%s prints the package version and exits 0", (flag) => {
    const r = runLeash(process.cwd(), [flag]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("report.json and --json name the version that wrote them", () => {
    const repo = makeJsProject();
    try {
      const task = writeTask(repo, "fix", {
        fake: { responses: [{ unified_diff: diffFor(ADD_BUGGY, ADD_FIXED) }] },
      });
      const r = runJson<{ leashVersion: string; runId: string }>(repo.root, [task]);
      expect(r.report?.leashVersion).toBe(version);
      const onDisk = JSON.parse(repo.read(`.leash/runs/${r.report!.runId}/report.json`).toString());
      expect(onDisk.leashVersion).toBe(version);
    } finally {
      repo.cleanup();
    }
  });
});
