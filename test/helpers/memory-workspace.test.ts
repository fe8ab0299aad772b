import { afterEach, describe, expect, it } from "vitest";
import type { ModelOutput } from "../../src/contract/model-output.js";
import { patchInfo } from "../../src/engine/patch-info.js";
import { applyPatch } from "../../src/patch/apply-patch.js";
import { preparePatch } from "../../src/patch/prepare-patch.js";
import type { SafetyPolicy } from "../../src/patch/safety/types.js";
import { makeTempRepo, type TempRepo } from "./git-repo.js";
import { diffFor } from "./js-project.js";
import { memoryWorkspace } from "./memory-workspace.js";

/**
 * The in-memory workspace is only worth its speed if it agrees with the real one. Each answer
 * here is prepared and applied both ways — on disk with git, and over the Map — and the verdicts
 * and resulting bytes must match. (This file uses git; the engine tests that rely on it do not.)
 */

const FILES: Record<string, string> = {
  "src/add.js": "export function add(a, b) {\n  return a - b;\n}\n",
  "src/tail.js": "const x = 1;\nexport default x;",
  "src/old.js": "gone\n",
  "package.json": "{}\n",
  "secrets/key.txt": "k\n",
};

const policy: SafetyPolicy = {
  allowedGlobs: ["src/**", "secrets/**"],
  forbiddenGlobs: [".git/**", "secrets/**"],
  maxPatchBytes: 20_000,
  maxFiles: 10,
  maxHunks: 40,
};

type PatchOutput = Extract<ModelOutput, { kind: "unified_diff" | "edits" }>;

const diff = (unifiedDiff: string): PatchOutput => ({ kind: "unified_diff", unifiedDiff });

const CASES: [string, PatchOutput][] = [
  ["a plain fix", diff(diffFor(FILES["src/add.js"]!, "export function add(a, b) {\n  return a + b;\n}\n"))],
  [
    "a hunk at the wrong line numbers",
    diff(
      diffFor(FILES["src/add.js"]!, "export function add(a, b) {\n  return a + b;\n}\n").replace(
        "@@ -1,3 +1,3 @@",
        "@@ -9,3 +9,3 @@",
      ),
    ),
  ],
  [
    "a file without a final newline",
    diff(diffFor(FILES["src/tail.js"]!, "const x = 2;\nexport default x;\n", "src/tail.js")),
  ],
  [
    "a new file",
    diff(
      diffFor("", "export const sub = (a, b) => a - b;\n", "src/sub.js").replace(
        "--- a/src/sub.js",
        "--- /dev/null",
      ),
    ),
  ],
  [
    "a deletion",
    diff(
      "diff --git a/src/old.js b/src/old.js\ndeleted file mode 100644\n--- a/src/old.js\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n",
    ),
  ],
  [
    "edits",
    { kind: "edits", edits: [{ path: "src/add.js", op: "replace", find: "a - b", replace: "a + b" }] },
  ],
  ["a path outside allowed_files", diff(diffFor("{}\n", '{"x":1}\n', "package.json"))],
  ["a forbidden path", diff(diffFor("k\n", "stolen\n", "secrets/key.txt"))],
  [
    "context that is nowhere in the file",
    diff(diffFor("nothing like this\nat all\n", "changed\n", "src/add.js")),
  ],
  ["text that is not a diff", diff("use + instead of -")],
];

let repo: TempRepo | undefined;
afterEach(() => repo?.cleanup());

describe("the in-memory workspace agrees with the real patch road on disk", () => {
  it.each(CASES)("%s", async (_name, output) => {
    repo = makeTempRepo(FILES);
    const real = patchInfo(await preparePatch(output, { repoRoot: repo.root, policy }));
    const ws = memoryWorkspace(FILES, { policy });
    const memory = await ws.preparePatch(output);
    expect({ ...memory, ...(memory.ok ? { parsed: null } : {}) }).toEqual({
      ...real,
      ...(real.ok ? { parsed: null } : {}),
    });
    if (!real.ok || !memory.ok) return;
    const applied = await applyPatch({
      repoRoot: repo.root,
      diffText: real.diffText,
      patch: real.parsed,
      rollback: async () => {},
    });
    const inMemory = await ws.apply(memory);
    expect(inMemory).toEqual({ ok: applied.ok, touched: applied.ok ? applied.touched : [] });
    const disk = repo.snapshot();
    expect(new Map([...ws.files].sort(([a], [b]) => a.localeCompare(b)))).toEqual(disk);
  });
});
