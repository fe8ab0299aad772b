import { afterEach, describe, expect, it } from "vitest";
import { createWorkspace } from "../../../src/cli/adapters/workspace.js";
import { createCheckpoint } from "../../../src/git/checkpoint.js";
import type { RunStateStore } from "../../../src/report/state.js";
import { makeTempRepo, type TempRepo } from "../../helpers/git-repo.js";

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("the workspace's listing of the tree", () => {
  it("is kept between expansions and dropped when Leash writes to the tree (a rollback here)", async () => {
    repo = makeTempRepo({ "src/a.ts": "a\n" });
    const checkpoint = await createCheckpoint(repo.root, "listing-test");
    const workspace = createWorkspace({
      repoRoot: repo.root,
      checkpoint,
      // The listing never touches the run's state; markAtRisk is not called here.
      state: {} as RunStateStore,
      tag: "listing-test",
      forbiddenGlobs: [],
      policy: {
        allowedGlobs: ["src/**"],
        forbiddenGlobs: [],
        maxPatchBytes: 1e6,
        maxFiles: 10,
        maxHunks: 10,
      },
    });
    expect(await workspace.expandGlobs(["src/**"])).toEqual(["src/a.ts"]);
    repo.write("src/b.ts", "b\n");
    expect(await workspace.expandGlobs(["src/**"])).toEqual(["src/a.ts"]);
    await workspace.rollback([]);
    expect(await workspace.expandGlobs(["src/**"])).toEqual(["src/a.ts", "src/b.ts"]);
  });
});
