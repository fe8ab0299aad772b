import { readdirSync } from "node:fs";
import { detectNode } from "./detect-node.js";
import { detectPython, isPythonProject } from "./detect-python.js";
import type { CommandConfig } from "./schema.js";

/** What `leash init` found in a repository, and the validator commands it proposes. */
export interface Detection {
  languages: ("typescript" | "javascript" | "python")[];
  commands: Record<string, CommandConfig>;
  /** The repository's readme as it is spelled there (README.md, Readme.md, ...), if any. */
  readme?: string;
}

/** Looks only at files that say which tools the project already uses; runs nothing. */
export function detectCommands(repoRoot: string): Detection {
  let entries: string[] = [];
  try {
    entries = readdirSync(repoRoot);
  } catch {
    entries = [];
  }
  const readme = entries.find((n) => /^readme(\.(md|rst|txt))?$/i.test(n));
  const detection: Detection = { languages: [], commands: {}, ...(readme === undefined ? {} : { readme }) };
  const node = detectNode(repoRoot);
  if (node !== undefined) {
    detection.languages.push(node.typescript ? "typescript" : "javascript");
    Object.assign(detection.commands, node.commands);
  }
  if (isPythonProject(repoRoot)) {
    detection.languages.push("python");
    Object.assign(detection.commands, detectPython(repoRoot));
  }
  return detection;
}
