import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectReadPaths } from "../../src/exec/detect-read-paths.js";

describe("the read_paths leash init proposes", () => {
  let home: string;
  const tool = (rel: string) => {
    const path = join(home, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "#!/bin/sh\n");
    chmodSync(path, 0o755);
    return dirname(path);
  };
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), "leash-init-home-"));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it("names the version manager's directory when python or node resolve there, and a tool's prefix", () => {
    const path = [
      tool(".pyenv/shims/python3"),
      tool(".nvm/versions/node/v20.19.0/bin/node"),
      tool("tools/ruff/bin/ruff"),
      "/usr/bin",
    ].join(":");
    const commands = {
      pytest: { argv: ["python3", "-m", "pytest"], timeout_s: 60 },
      unit: { argv: ["npx", "vitest", "run"], timeout_s: 60 },
      ruff: { argv: ["ruff", "check", "."], timeout_s: 60 },
    };
    expect(detectReadPaths(commands, { HOME: home, PATH: path })).toEqual([
      "~/.nvm",
      "~/.pyenv",
      "~/tools/ruff",
    ]);
  });

  it("proposes nothing for tools outside the home directory (they stay visible)", () => {
    const commands = { unit: { argv: ["node", "--test"], timeout_s: 60 } };
    expect(detectReadPaths(commands, { HOME: home, PATH: "/usr/bin:/bin" })).toEqual([]);
  });
});
