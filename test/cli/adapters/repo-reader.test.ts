import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRepoReader } from "../../../src/cli/adapters/workspace.js";
import { makeTempRepo, type TempRepo } from "../../helpers/git-repo.js";

/** A `git` first on PATH that logs its argv, then runs the real one. */
function gitThatLogs(): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), "leash-git-log-"));
  const log = join(dir, "calls.log");
  const real = process.env.PATH?.split(":").find((p) => {
    try {
      readFileSync(join(p, "git"));
      return true;
    } catch {
      return false;
    }
  });
  writeFileSync(join(dir, "git"), `#!/bin/sh\necho "$*" >> ${log}\nexec ${real}/git "$@"\n`);
  chmodSync(join(dir, "git"), 0o755);
  return {
    dir,
    calls: () => {
      try {
        return readFileSync(log, "utf8").trim().split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

describe("the repository reader", () => {
  let repo: TempRepo;
  let shim: ReturnType<typeof gitThatLogs>;
  const path = process.env.PATH;
  beforeEach(() => {
    repo = makeTempRepo({ "src/a.ts": "a\n", "src/b.ts": "b\n", "docs/x.md": "x\n", "secret.env": "K=1\n" });
    shim = gitThatLogs();
    process.env.PATH = `${shim.dir}:${path}`;
  });
  afterEach(() => {
    process.env.PATH = path;
    repo.cleanup();
    rmSync(shim.dir, { recursive: true, force: true });
  });

  it("expands globs from one listing, side by side or later, and lists again once told the tree changed", async () => {
    const reader = createRepoReader(repo.root, ["*.env"]);
    const [allowed, context, all] = await Promise.all([
      reader.expandGlobs(["src/a.ts"]),
      reader.expandGlobs(["docs/**"]),
      reader.expandGlobs(["**"]),
    ]);
    expect(allowed).toEqual(["src/a.ts"]);
    expect(context).toEqual(["docs/x.md"]);
    expect(all).toEqual(["docs/x.md", "src/a.ts", "src/b.ts"]);
    expect(shim.calls().filter((c) => c.startsWith("ls-files"))).toHaveLength(1);
    repo.write("src/c.ts", "c\n");
    expect(await reader.expandGlobs(["src/*"])).toEqual(["src/a.ts", "src/b.ts"]);
    expect(shim.calls().filter((c) => c.startsWith("ls-files"))).toHaveLength(1);
    reader.forgetListing();
    expect(await reader.expandGlobs(["src/*"])).toEqual(["src/a.ts", "src/b.ts", "src/c.ts"]);
    expect(shim.calls().filter((c) => c.startsWith("ls-files"))).toHaveLength(2);
  });
});
