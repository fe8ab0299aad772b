import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { components, isGitComponent, lexicallyOutside, walkedComponents } from "./safety/path-shape.js";

/**
 * Reads a file the model named, for edits and hunk location — but only a regular file reached
 * without symlinks, so a model can never make Leash read (and echo) anything outside the repo.
 */
export function readRepoFile(repoRoot: string, path: string): Buffer | null {
  // Refused with either separator (`.git\config` too); walked with "/" alone.
  if (lexicallyOutside(path) || components(path).some(isGitComponent)) return null;
  const parts = walkedComponents(path);
  let full = repoRoot;
  for (const [k, part] of parts.entries()) {
    full = join(full, part);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(full);
    } catch {
      return null;
    }
    if (st.isSymbolicLink()) return null;
    if (k === parts.length - 1) return st.isFile() ? readFileSync(full) : null;
  }
  return null;
}

/** A reader bound to one repository, in the shape repair and edits→diff take. */
export function repoFileReader(repoRoot: string): (path: string) => Buffer | null {
  return (path) => readRepoFile(repoRoot, path);
}
