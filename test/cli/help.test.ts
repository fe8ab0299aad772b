import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

describe("leash --help", () => {
  it("lists every command of SPEC §2 and exits 0", () => {
    const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const cmd of ["init", "check", "plan", "run", "runs", "show", "ledger", "undo", "recover", "demo"]) {
      expect(r.stdout).toMatch(new RegExp(`\\n\\s+${cmd}\\b`));
    }
  });

  it("imports nothing heavy up front: commands load lazily", () => {
    const text = readFileSync(BIN, "utf8");
    const staticImports = [...text.matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((m) => m[1]);
    expect(
      staticImports.every(
        (i) =>
          i === "commander" ||
          i?.startsWith("../errors") ||
          i?.startsWith("../version") ||
          i?.startsWith("./context"),
      ),
    ).toBe(true);
  });

  it("an unknown command is a usage error (exit 2)", () => {
    const r = spawnSync(process.execPath, [BIN, "frobnicate"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
