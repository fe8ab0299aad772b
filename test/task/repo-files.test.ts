import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isRepoFile, listRepoFiles } from "../../src/task/repo-files.js";

/**
 * isRepoFile answers "would listRepoFiles list this path?" without the walk. Checked against the
 * walk itself on a tree with the shapes that differ: case variants, directories, symlinks to
 * files and to directories, skipped directories, dot segments.
 */

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const FILES = [
  "Readme.md",
  "src/app.ts",
  "src/deep/er/mod.py",
  "src/.hidden",
  "node_modules/pkg/index.js",
  ".git/config",
  ".leash/ledger.sqlite",
  "vendor/node_modules/inner.js",
  "docs/guide.md",
];

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "leash-repo-files-"));
  roots.push(root);
  for (const f of FILES) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), "x\n");
  }
  mkdirSync(join(root, "empty-dir"));
  symlinkSync(join(root, "docs"), join(root, "docs-link"));
  symlinkSync(join(root, "src", "app.ts"), join(root, "app-link.ts"));
  symlinkSync(join(root, "nowhere"), join(root, "dangling"));
  return root;
}

// Every file made, and the near misses: case, directories, links, skipped trees, dot segments.
const PROBES = [
  ...FILES,
  "README.md",
  "readme.md",
  "SRC/app.ts",
  "src/deep/er",
  "src/deep",
  "src",
  "src/",
  "docs-link/guide.md",
  "docs-link",
  "app-link.ts",
  "dangling",
  "empty-dir",
  "src/../Readme.md",
  "./Readme.md",
  "src//app.ts",
  "missing.txt",
  "src/app.ts/more",
  "",
];

describe("isRepoFile", () => {
  it("agrees with the full listing on every probe", () => {
    const root = tree();
    const listed = new Set(listRepoFiles(root).files);
    for (const probe of PROBES) expect([probe, isRepoFile(root, probe)]).toEqual([probe, listed.has(probe)]);
  });

  it("finds every listed file", () => {
    const root = tree();
    const { files } = listRepoFiles(root);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect([f, isRepoFile(root, f)]).toEqual([f, true]);
  });
});
