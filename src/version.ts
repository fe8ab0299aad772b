import { readFileSync } from "node:fs";

/**
 * Leash's own version, from the package.json shipped beside dist/ (one source of truth: the
 * version npm publishes is the one `leash --version` and report.json name).
 */
export const LEASH_VERSION: string = readVersion();

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0-unknown";
  } catch {
    return "0.0.0-unknown";
  }
}
