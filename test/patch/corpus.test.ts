import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPatch } from "../../src/patch/apply-patch.js";
import { preparePatch } from "../../src/patch/prepare-patch.js";
import { buildCaseRepo, loadCase, restoreSnapshot } from "./helpers/corpus-case.js";

/**
 * The adversarial corpus: every folder is a repository, a model's answer and the verdict.
 * Refusals must leave the tree byte-identical; accepted patches must produce `expected/`.
 */

const stageOf = (code: string) =>
  code === "patch.check_failed" || code === "patch.paths_disagree"
    ? "check"
    : code.startsWith("repair.")
      ? "repair"
      : code.startsWith("patch.")
        ? "safety"
        : "parse";

const ROOT = join(import.meta.dirname, "..", "fixtures", "patches");
const CASES = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

describe("patch corpus", () => {
  it("holds at least 80 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
  });

  it.each(CASES)("%s", async (name) => {
    const dir = join(ROOT, name);
    const spec = loadCase(dir);
    const repo = buildCaseRepo(dir);
    try {
      const before = repo.snapshot();
      const prepared = await preparePatch(spec.output, { repoRoot: repo.root, policy: spec.policy });
      if (spec.refused !== undefined) {
        expect(prepared.ok, JSON.stringify(prepared)).toBe(false);
        if (!prepared.ok) {
          const codes = [prepared.code, ...(prepared.violations ?? []).map((v) => v.code)];
          expect(codes, prepared.reason).toContain(spec.refused);
          expect(prepared.stage).toBe(stageOf(prepared.code));
          expect(prepared.reason.length).toBeGreaterThan(10);
        }
        expect(repo.snapshot()).toEqual(before);
        return;
      }
      if (!prepared.ok) throw new Error(`${prepared.code}: ${prepared.reason}`);
      const applied = await applyPatch({
        repoRoot: repo.root,
        diffText: prepared.diffText,
        patch: prepared.patch,
        rollback: async () => restoreSnapshot(repo.root, before),
      });
      expect(applied, JSON.stringify(applied)).toMatchObject({ ok: true });
      expect(Object.fromEntries(repo.snapshot())).toEqual(spec.expected);
      if (name.includes("repair")) expect(prepared.repairs.length).toBeGreaterThan(0);
    } finally {
      repo.cleanup();
    }
  });
});
