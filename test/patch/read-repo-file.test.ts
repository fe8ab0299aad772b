import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRepoFile } from "../../src/patch/read-repo-file.js";
import { makeTempRepo } from "../helpers/git-repo.js";

describe("readRepoFile", () => {
  it("reads regular files only, never through a symlink, .git or ..", () => {
    const repo = makeTempRepo({ "src/a.ts": "a\n" }, { commit: false });
    try {
      symlinkSync("/etc", join(repo.root, "etc"));
      symlinkSync("src/a.ts", join(repo.root, "alias.ts"));
      expect(readRepoFile(repo.root, "src/a.ts")?.toString()).toBe("a\n");
      expect(readRepoFile(repo.root, "etc/hostname")).toBeNull();
      expect(readRepoFile(repo.root, "alias.ts")).toBeNull();
      expect(readRepoFile(repo.root, ".git/HEAD")).toBeNull();
      expect(readRepoFile(repo.root, "../x")).toBeNull();
      expect(readRepoFile(repo.root, "/etc/hostname")).toBeNull();
      expect(readRepoFile(repo.root, "src")).toBeNull();
      expect(readRepoFile(repo.root, "missing.ts")).toBeNull();
    } finally {
      repo.cleanup();
    }
  });
});
