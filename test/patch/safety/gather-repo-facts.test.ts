import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gatherRepoFacts } from "../../../src/patch/safety/gather-repo-facts.js";
import { makeTempRepo } from "../../helpers/git-repo.js";

describe("gatherRepoFacts", () => {
  it("finds symlinks on the way, case twins and tracked modes", async () => {
    const repo = makeTempRepo({ "src/a.ts": "a\n", "README.md": "r\n" }, { commit: false });
    try {
      symlinkSync("/tmp", join(repo.root, "out"));
      symlinkSync("src/a.ts", join(repo.root, "inner"));
      repo.commitAll();
      const facts = await gatherRepoFacts(repo.root, [
        "out/x",
        "inner",
        "SRC/a.ts",
        "src/a.ts",
        "readme.MD",
        "new.txt",
        "../x",
      ]);
      expect(facts.paths["out/x"]).toMatchObject({
        symlinks: [{ at: "out", target: "/tmp", leavesRepo: true }],
      });
      expect(facts.paths.inner).toMatchObject({ isSymlink: true, trackedMode: "120000" });
      expect(facts.paths.inner?.symlinks[0]?.leavesRepo).toBe(false);
      expect(facts.paths["SRC/a.ts"]?.caseTwins).toEqual(["src/a.ts"]);
      expect(facts.paths["src/a.ts"]).toMatchObject({ exists: true, caseTwins: [], trackedMode: "100644" });
      expect(facts.paths["readme.MD"]?.caseTwins).toEqual(["README.md"]);
      expect(facts.paths["new.txt"]).toMatchObject({ exists: false, symlinks: [], caseTwins: [] });
      expect(facts.paths["../x"]).toMatchObject({ exists: false, symlinks: [] });
    } finally {
      repo.cleanup();
    }
  });
});
