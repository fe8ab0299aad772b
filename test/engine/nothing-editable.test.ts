import { afterEach, describe, expect, it } from "vitest";
import type { TempRepo } from "../helpers/git-repo.js";
import { makeJsProject, writeTask } from "../helpers/js-project.js";
import { runLeash } from "../helpers/leash-cli.js";

/** Allowed files a model cannot be shown: named by `plan`, and refused before any call when no other is left. */

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const LATIN1 = Buffer.from("# Caf\xe9 notes\n", "latin1");

describe("allowed files that are binary or not UTF-8", () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.cleanup());

  it("plan lists them as skipped beside the text file it would send", () => {
    repo = makeJsProject();
    repo.write("logo.png", PNG);
    repo.commitAll("a logo");
    const task = writeTask(repo, "mixed", {
      allowed_files: ["src/add.js", "logo.png"],
      fake: { responses: [{ diagnosis: "never asked" }] },
    });
    const r = runLeash(repo.root, ["plan", task]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {4}edit {2}src\/add\.js /m);
    expect(r.stdout).toMatch(/^ {4}skip {2}logo\.png \(binary or not UTF-8/m);
  });

  it("with nothing else allowed: plan and run exit 2 naming each, nothing is called, the tree is byte-identical", () => {
    repo = makeJsProject();
    repo.write("logo.png", PNG);
    repo.write("NOTES.md", LATIN1);
    repo.commitAll("a logo and latin-1 notes");
    const task = writeTask(repo, "binary", {
      goal: "fix the accents",
      intent: "docs",
      allowed_files: ["logo.png", "NOTES.md"],
      fake: { responses: [{ diagnosis: "never asked" }] },
    });
    const before = repo.snapshot();
    for (const args of [
      ["plan", task],
      ["run", "--json", task],
    ]) {
      const r = runLeash(repo.root, args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain("NOTES.md (not UTF-8 text), logo.png (binary)");
      expect(r.stderr).toContain("context.nothing_editable");
    }
    expect(repo.snapshot()).toEqual(before);
    // The run's history says why it has no report, instead of suggesting `leash recover`.
    const show = runLeash(repo.root, ["show", "last"]);
    expect(show.stdout).toMatch(
      /stopped without a report \(status failed, stage attempt 1: context\), exit 2: no allowed file/,
    );
    expect(show.stdout).toContain("[context.nothing_editable]");
    expect(show.stdout).not.toContain("leash recover");
    const html = runLeash(repo.root, ["show", "last", "--html", "run.html"]);
    expect(html.status).toBe(2);
    expect(html.stderr).toContain("it stopped before its report (context.nothing_editable)");
    const ledger = runLeash(repo.root, ["ledger", "--json"]);
    expect(ledger.stdout).not.toMatch(/"calls":\s*[1-9]/);
  });
});
