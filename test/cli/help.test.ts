import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEASH_BIN as BIN } from "../helpers/leash-cli.js";

describe("leash --help", () => {
  it("lists every command of SPEC §2 and exits 0", () => {
    const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const cmd of ["init", "check", "plan", "run", "runs", "show", "ledger", "undo", "recover", "demo"]) {
      expect(r.stdout).toMatch(new RegExp(`\\n\\s+${cmd}\\b`));
    }
  });

  it("imports nothing heavy up front: commands load lazily", () => {
    // What `leash --help` loads: the bin and the chunks it imports statically, not the commands.
    const closure = new Map<string, string>();
    const visit = (file: string) => {
      if (closure.has(file)) return;
      const text = readFileSync(file, "utf8");
      closure.set(file, text);
      for (const m of text.matchAll(/^import[^"']*["']([^"']+)["']/gm)) {
        const spec = m[1] ?? "";
        if (spec.startsWith(".")) visit(join(dirname(file), spec));
        else expect(spec, `${file} imports ${spec} up front`).toMatch(/^node:/);
      }
    };
    visit(BIN);
    const bytes = [...closure.values()].reduce((n, text) => n + text.length, 0);
    // commander and the error table; zod, yaml or an SDK alone would be several times this.
    expect(bytes).toBeLessThan(200_000);
  });

  it("an unknown command is a usage error (exit 2)", () => {
    const r = spawnSync(process.execPath, [BIN, "frobnicate"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
