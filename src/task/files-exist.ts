import picomatch from "picomatch";
import { editDistance } from "../config/did-you-mean.js";
import type { YamlSource } from "../config/yaml-source.js";
import { InputError, type LeashError } from "../errors.js";
import { isRepoFile, listRepoFiles, type RepoFileList } from "./repo-files.js";
import type { TaskFile } from "./schema.js";

const GLOB_CHARS = /[*?[\]{}]/;
/** `path#L10-20` names a region of a file; only the path has to exist. */
const REGION = /#L\d+(?:-L?\d+)?$/;

export const entryPath = (entry: string) => entry.replace(REGION, "").replace(/^\.\//, "");

/**
 * An `allowed_files` or `context_files` entry that matches no file is a typo or a file the
 * model would create unasked (SPEC §12): an error, unless the entry is listed in `create_files`.
 */
export function missingFileErrors(task: TaskFile, repoRoot: string, source: YamlSource): LeashError[] {
  const creatable = new Set((task.create_files ?? []).map(entryPath));
  // The whole listing only for a glob or a miss: a task of named, existing files never walks.
  let listed: RepoFileList | undefined;
  const list = () => {
    listed ??= listRepoFiles(repoRoot);
    return listed;
  };
  const errors: LeashError[] = [];
  const fields = ["allowed_files", "context_files"] as const;
  for (const field of fields) {
    for (const [i, item] of (task[field] ?? []).entries()) {
      const entry = typeof item === "string" ? item : item.path;
      const path = entryPath(entry);
      if (creatable.has(path) || matchesSomething(path, repoRoot, list)) continue;
      errors.push(missingEntry(field, entry, path, list(), source.locate([field, i])));
    }
  }
  return errors;
}

function matchesSomething(path: string, repoRoot: string, list: () => RepoFileList): boolean {
  // Exact for a named path, so a partial listing (past MAX_LISTED_FILES) does not matter.
  if (!GLOB_CHARS.test(path)) return isRepoFile(repoRoot, path);
  const isMatch = picomatch(path, { dot: true });
  return list().files.some((f) => isMatch(f)) || list().truncated;
}

function missingEntry(
  field: "allowed_files" | "context_files",
  entry: string,
  path: string,
  list: RepoFileList,
  location: ReturnType<YamlSource["locate"]>,
): LeashError {
  const glob = GLOB_CHARS.test(path);
  const close = glob ? undefined : closestPath(path, list.files);
  const isDir = !glob && list.files.some((f) => f.startsWith(`${path.replace(/\/+$/, "")}/`));
  const create =
    field === "allowed_files"
      ? `if the patch should create it, list it under \`create_files\``
      : "context files must exist";
  const hint = isDir
    ? `\`${path}\` is a directory; name its files or a glob such as \`${path.replace(/\/+$/, "")}/**\``
    : close !== undefined
      ? `did you mean \`${close}\`?${close.toLowerCase() === path.toLowerCase() ? " (paths are case-sensitive)" : ""} ${create}`
      : create;
  return new InputError(
    "task.file_not_found",
    `${field} entry \`${entry}\` matches no file in the repository`,
    { location, hint },
  );
}

/** Same path in another case first (README.md vs Readme.md), then the nearest by edits. */
export function closestPath(path: string, files: readonly string[]): string | undefined {
  const lower = path.toLowerCase();
  const sameCase = files.find((f) => f.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  const limit = Math.max(2, Math.floor(path.length / 4));
  let best: { file: string; distance: number } | undefined;
  for (const file of files) {
    if (Math.abs(file.length - path.length) > limit) continue;
    const distance = editDistance(lower, file.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { file, distance };
  }
  return best?.file;
}
