import { readFileSync } from "node:fs";
import { packagePath } from "./package-root.js";

/**
 * Leash's own version, from the package.json it is installed with (one source of truth: the
 * version npm publishes is the one `leash --version` and report.json name).
 */
export const LEASH_VERSION: string = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0-unknown";
  } catch {
    return "0.0.0-unknown";
  }
}
