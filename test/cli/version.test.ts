import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLeash } from "../helpers/leash-cli.js";

const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as {
    version: string;
  }
).version;

describe("leash --version", () => {
  it.each([["--version"], ["-V"]])("%s prints the package version and exits 0", (flag) => {
    const r = runLeash(process.cwd(), [flag]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});
