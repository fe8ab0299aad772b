import { statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { ErrorLocation } from "../errors.js";
import { InputError } from "../errors.js";

// Linux limits: PATH_MAX counts the whole path, NAME_MAX each component, both in bytes.
const PATH_MAX = 4095;
const NAME_MAX = 255;

/**
 * `ledger.path` checked where the operator can fix it (`leash check`, and before any run): not
 * too long, not a directory or another non-file, and its directory there — except inside the
 * repository's `.leash/`, which Leash creates itself.
 */
export function ledgerPathErrors(
  repoRoot: string,
  configured: string,
  location: ErrorLocation,
): InputError[] {
  const path = resolve(repoRoot, configured);
  const fail = (code: string, message: string, hint: string) => [
    new InputError(`config.ledger_${code}`, message, { location, hint }),
  ];
  const longest = Math.max(...path.split("/").map((part) => Buffer.byteLength(part)));
  if (Buffer.byteLength(path) > PATH_MAX || longest > NAME_MAX) {
    return fail(
      "path_too_long",
      `ledger.path is too long (${Buffer.byteLength(path)} bytes; the limits are ${PATH_MAX} for a path and ${NAME_MAX} for each name)`,
      "use a shorter path, e.g. .leash/ledger.sqlite",
    );
  }
  const here = kindOf(path);
  if (here !== "missing" && here !== "file") {
    return fail(
      "not_a_file",
      `ledger.path ${configured} is ${here}, not a ledger file`,
      "point ledger.path at a file (it is created on the first run), e.g. .leash/ledger.sqlite",
    );
  }
  const parent = dirname(path);
  const insideLeash = !relative(join(repoRoot, ".leash"), parent).startsWith("..");
  const parentKind = kindOf(parent);
  if (parentKind === "missing" && !insideLeash) {
    return fail(
      "no_directory",
      `the directory of ledger.path (${parent}) does not exist`,
      `create it (mkdir -p ${parent}) or choose a path in an existing directory`,
    );
  }
  if (parentKind !== "missing" && parentKind !== "a directory") {
    return fail(
      "no_directory",
      `the parent of ledger.path (${parent}) is ${parentKind}, not a directory`,
      "choose a path in a directory",
    );
  }
  return [];
}

function kindOf(path: string): "missing" | "file" | "a directory" | "a named pipe" | "not a regular file" {
  try {
    const st = statSync(path);
    if (st.isFile()) return "file";
    if (st.isDirectory()) return "a directory";
    return st.isFIFO() ? "a named pipe" : "not a regular file";
  } catch {
    return "missing";
  }
}
