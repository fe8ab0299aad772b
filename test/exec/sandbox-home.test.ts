import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { createCommandRunner } from "../../src/exec/command-runner.js";
import { sandboxVisibility } from "../../src/exec/sandbox-visible.js";
import { bwrapSkipReason } from "../helpers/bwrap.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

const skipReason = bwrapSkipReason();
if (skipReason) console.warn(`test/exec/sandbox-home.test.ts skipped: ${skipReason}`);

// Reads each path given and prints what it found: the content, or the error code.
const READER =
  "const fs=require('fs');const out={};for(const p of process.argv.slice(1)){try{out[p]=fs.readFileSync(p,'utf8')}catch(e){out[p]=e.code}}console.log(JSON.stringify(out))";

/**
 * The home Leash runs with is a directory the test makes: under /var/tmp, not /tmp, because the
 * sandbox replaces /tmp wholesale and would hide it for the wrong reason.
 */
describe.skipIf(skipReason !== undefined)("the real home directory under bwrap", () => {
  let repo: TempRepo;
  let home: string;
  const files = () => ({
    token: join(home, ".npmrc"),
    granted: join(home, ".pyenv", "version"),
    sibling: join(home, ".pyenv-secrets", "key"),
    nested: join(home, ".config", "gh", "hosts.yml"),
  });
  beforeEach(() => {
    repo = makeTempRepo({ "a.txt": "a\n" });
    home = mkdtempSync("/var/tmp/leash-fake-home-");
    const f = files();
    for (const [name, path] of Object.entries(f)) {
      mkdirSync(join(path, ".."), { recursive: true });
      writeFileSync(path, `planted ${name}\n`);
    }
  });
  afterEach(() => {
    repo.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  const run = async (sandbox: CommandConfig["sandbox"], readPaths: string[] = []) => {
    const paths = Object.values(files());
    const runner = createCommandRunner({
      commands: { read: { argv: [process.execPath, "-e", READER, ...paths], timeout_s: 60, sandbox } },
      maxOutputBytes: 65536,
      readPaths,
      baseEnv: { ...process.env, HOME: home },
    });
    const r = await runner.run("read", { cwd: repo.root });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as Record<string, string>;
    const f = files();
    return {
      token: seen[f.token],
      granted: seen[f.granted],
      sibling: seen[f.sibling],
      nested: seen[f.nested],
    };
  };

  it("unsandboxed, a validator reads a token planted in the home directory (the control)", async () => {
    expect((await run("none")).token).toBe("planted token\n");
  });

  it("under bwrap, and under auto where bwrap works, nothing in the home directory exists", async () => {
    for (const kind of ["bwrap", "auto"] as const) {
      expect(await run(kind)).toEqual({
        token: "ENOENT",
        granted: "ENOENT",
        sibling: "ENOENT",
        nested: "ENOENT",
      });
    }
  });

  it("sandbox.read_paths grants one directory, read-only, and nothing else there", async () => {
    const seen = await run("bwrap", ["~/.pyenv"]);
    expect(seen).toEqual({
      token: "ENOENT",
      granted: "planted granted\n",
      sibling: "ENOENT",
      nested: "ENOENT",
    });
    const write = createCommandRunner({
      commands: {
        w: {
          argv: [
            process.execPath,
            "-e",
            `require('fs').writeFileSync(${JSON.stringify(files().granted)},'x')`,
          ],
          timeout_s: 60,
          sandbox: "bwrap",
        },
      },
      maxOutputBytes: 4096,
      readPaths: [join(home, ".pyenv")],
      baseEnv: { ...process.env, HOME: home },
    });
    expect((await write.run("w", { cwd: repo.root })).exitCode).not.toBe(0);
  });

  it("a tool installed under the home directory still runs: its install prefix comes back read-only", async () => {
    const tool = join(home, ".local", "mytool", "bin", "mytool");
    mkdirSync(join(tool, ".."), { recursive: true });
    writeFileSync(tool, "#!/bin/sh\necho tool-ran\n");
    chmodSync(tool, 0o755);
    const env = { ...process.env, HOME: home, PATH: `${join(tool, "..")}:${process.env.PATH}` };
    const visible = sandboxVisibility({ argv0: "mytool", cwd: repo.root, env, readPaths: [] });
    expect(visible.readOnly).toEqual([join(home, ".local", "mytool")]);
    const runner = createCommandRunner({
      commands: { t: { argv: ["mytool"], timeout_s: 60, sandbox: "bwrap" } },
      maxOutputBytes: 4096,
      baseEnv: env,
    });
    const r = await runner.run("t", { cwd: repo.root });
    expect(r.stdout.trim(), r.stderr).toBe("tool-ran");
  });

  it("a version manager's shim brings the manager's directory, and nothing else under the home", async () => {
    // pyenv's shims are scripts that call back into the manager's own tree.
    const shim = join(home, ".pyenv", "shims", "mytool");
    const real = join(home, ".pyenv", "libexec", "mytool-real");
    for (const path of [shim, real]) mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(real, '#!/bin/sh\necho managed-tool-ran\ncat "$1" 2>/dev/null || echo hidden\n');
    writeFileSync(shim, `#!/bin/sh\nexec ${real} "$@"\n`);
    chmodSync(real, 0o755);
    chmodSync(shim, 0o755);
    const env = { ...process.env, HOME: home, PATH: `${join(shim, "..")}:${process.env.PATH}` };
    const visible = sandboxVisibility({ argv0: "mytool", cwd: repo.root, env, readPaths: [] });
    expect(visible.readOnly).toEqual([join(home, ".pyenv")]);
    const runner = createCommandRunner({
      commands: { t: { argv: ["mytool", files().token], timeout_s: 60, sandbox: "bwrap" } },
      maxOutputBytes: 4096,
      baseEnv: env,
    });
    const r = await runner.run("t", { cwd: repo.root });
    expect(r.stdout.trim().split("\n"), r.stderr).toEqual(["managed-tool-ran", "hidden"]);
  });
});
