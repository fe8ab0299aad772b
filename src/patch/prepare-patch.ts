import type { ModelOutput } from "../contract/model-output.js";
import { gitApplyCheck } from "./git-apply.js";
import { type PatchRefusal, type PreparedPatch, preparePatchWith } from "./prepare-with.js";
import { repoFileReader } from "./read-repo-file.js";
import { gatherRepoFacts } from "./safety/gather-repo-facts.js";
import type { SafetyPolicy } from "./safety/types.js";

export type { PatchRefusal, PreparedPatch, RefusalStage } from "./prepare-with.js";

export interface PrepareContext {
  repoRoot: string;
  policy: SafetyPolicy;
}

/** A model's answer prepared against the repository on disk: its files, its index, `git apply --check`. */
export async function preparePatch(
  output: ModelOutput,
  ctx: PrepareContext,
): Promise<PreparedPatch | PatchRefusal> {
  return preparePatchWith(output, ctx.policy, {
    readFile: repoFileReader(ctx.repoRoot),
    facts: (paths) => gatherRepoFacts(ctx.repoRoot, paths),
    check: (diffText) => gitApplyCheck(ctx.repoRoot, diffText),
  });
}
