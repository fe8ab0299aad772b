import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { LeashError } from "../../src/errors.js";
import { createCommandRunner } from "../../src/exec/command-runner.js";
import { bwrapArgv } from "../../src/exec/sandbox-bwrap.js";
import { findOnPath } from "../../src/exec/sandbox-check.js";

// These need no working bwrap: they cover the argv and every way the sandbox can be refused.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leash-sbx-err-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeMarker = (marker: string, extra: Partial<CommandConfig> = {}): CommandConfig => ({
  argv: [process.execPath, "-e", "require('fs').writeFileSync(process.argv[1], 'ran')", marker],
  timeout_s: 30,
  ...extra,
});

async function codeOf(p: Promise<unknown>): Promise<LeashError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LeashError);
  return err as LeashError;
}

describe("bwrapArgv", () => {
  it("hides the host /tmp before binding cwd and HOME, keeps .git and .leash read-only, ends with the argv", () => {
    const argv = bwrapArgv(["npm", "test", "--", "-x"], { cwd: "/tmp/repo", home: "/tmp/h" });
    const at = (...seq: string[]) => argv.findIndex((_, i) => seq.every((s, j) => argv[i + j] === s));
    expect(at("--unshare-net")).toBeGreaterThanOrEqual(0);
    expect(at("--die-with-parent")).toBeGreaterThanOrEqual(0);
    expect(at("--cap-drop", "ALL")).toBeGreaterThanOrEqual(0);
    expect(at("--ro-bind", "/", "/")).toBeGreaterThanOrEqual(0);
    const tmpfs = at("--tmpfs", "/tmp");
    const cwd = at("--bind", "/tmp/repo", "/tmp/repo");
    expect(at("--tmpfs", "/run")).toBeGreaterThan(at("--ro-bind", "/", "/"));
    expect(tmpfs).toBeGreaterThan(at("--ro-bind", "/", "/"));
    expect(cwd).toBeGreaterThan(tmpfs);
    expect(at("--ro-bind-try", "/tmp/repo/.git", "/tmp/repo/.git")).toBeGreaterThan(cwd);
    expect(at("--ro-bind-try", "/tmp/repo/.leash", "/tmp/repo/.leash")).toBeGreaterThan(cwd);
    expect(at("--bind", "/tmp/h", "/tmp/h")).toBeGreaterThan(tmpfs);
    expect(at("--setenv", "HOME", "/tmp/h")).toBeGreaterThanOrEqual(0);
    expect(at("--chdir", "/tmp/repo")).toBeGreaterThanOrEqual(0);
    expect(argv.slice(argv.indexOf("--"))).toEqual(["--", "npm", "test", "--", "-x"]);
  });
});

describe("findOnPath", () => {
  it("finds an executable file and skips relative and empty entries", () => {
    const exe = join(dir, "tool");
    writeFileSync(exe, "#!/bin/sh\n");
    chmodSync(exe, 0o755);
    expect(findOnPath("tool", `:relative:${dir}`)).toBe(exe);
    expect(findOnPath("tool", "")).toBeUndefined();
    expect(findOnPath("tool", undefined)).toBeUndefined();
    writeFileSync(join(dir, "plain"), "");
    expect(findOnPath("plain", dir)).toBeUndefined();
  });
});

describe("a sandbox that cannot work", () => {
  it("refuses with exec.sandbox_unavailable when bwrap is not on the runner's PATH, and runs nothing", async () => {
    const marker = join(dir, "marker");
    const runner = createCommandRunner({
      commands: { unit: writeMarker(marker, { sandbox: "bwrap" }) },
      maxOutputBytes: 1000,
      baseEnv: { ...process.env, PATH: dir },
    });
    const err = await codeOf(runner.run("unit", { cwd: dir }));
    expect(err.code).toBe("exec.sandbox_unavailable");
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('"unit"');
    expect(err.location?.field).toBe("commands.unit.sandbox");
    expect(err.hint).toContain("bubblewrap");
    expect(err.hint).toContain("none");
    expect(existsSync(marker)).toBe(false);
  });

  it("points at sandbox.default when the default asked for bwrap", async () => {
    const marker = join(dir, "marker");
    const runner = createCommandRunner({
      commands: { lint: writeMarker(marker) },
      maxOutputBytes: 1000,
      sandboxDefault: "bwrap",
      baseEnv: { ...process.env, PATH: join(dir, "nowhere") },
    });
    const err = await codeOf(runner.run("lint", { cwd: dir }));
    expect(err.code).toBe("exec.sandbox_unavailable");
    expect(err.location?.field).toBe("sandbox.default");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses with exec.sandbox_forbidden, quoting bwrap's stderr, when bwrap cannot make namespaces", async () => {
    const fakeBin = join(dir, "bin");
    const calls = join(dir, "calls");
    const marker = join(dir, "marker");
    mkdirSync(fakeBin);
    // A stand-in for bwrap on a kernel without user namespaces: it logs each call and fails.
    writeFileSync(
      join(fakeBin, "bwrap"),
      `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(calls)}, 'x');\nprocess.stderr.write('bwrap: No permissions to create a new namespace\\n');\nprocess.exit(1);\n`,
    );
    chmodSync(join(fakeBin, "bwrap"), 0o755);
    const runner = createCommandRunner({
      commands: { unit: writeMarker(marker, { sandbox: "bwrap" }) },
      maxOutputBytes: 1000,
      baseEnv: { ...process.env, PATH: fakeBin },
    });
    const err = await codeOf(runner.run("unit", { cwd: dir }));
    expect(err.code).toBe("exec.sandbox_forbidden");
    expect(err.message).toContain("No permissions to create a new namespace");
    expect(err.hint).toContain("none");
    // The probe ran once and is remembered; the command itself never ran.
    await codeOf(runner.run("unit", { cwd: dir }));
    expect(readFileSync(calls, "utf8")).toBe("x");
    expect(existsSync(marker)).toBe(false);
  });
});
