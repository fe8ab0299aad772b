import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { LeashError } from "../../src/errors.js";
import { createCommandRunner } from "../../src/exec/command-runner.js";
import { isProcessAlive } from "../../src/exec/process-alive.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "leash-exec-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const node = (script: string, extra: Partial<CommandConfig> = {}): CommandConfig => ({
  argv: [process.execPath, "-e", script],
  timeout_s: 30,
  ...extra,
});

async function waitUntil(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe("createCommandRunner", () => {
  it("refuses a name that is not in the allowlist and lists the allowed ones", async () => {
    const runner = createCommandRunner({
      commands: { unit: node(""), lint: node("") },
      maxOutputBytes: 1000,
    });
    const err = await runner.run("rm", { cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeashError);
    expect((err as LeashError).code).toBe("exec.not_allowed");
    expect((err as LeashError).hint).toContain("lint, unit");
    expect(await runner.run("toString", { cwd: dir }).catch((e: LeashError) => e.code)).toBe(
      "exec.not_allowed",
    );
  });

  it("refuses the bwrap sandbox when bwrap is not on PATH", async () => {
    const runner = createCommandRunner({
      commands: { unit: node("", { sandbox: "bwrap" }) },
      maxOutputBytes: 1000,
      baseEnv: { ...process.env, PATH: dir },
    });
    expect(await runner.run("unit", { cwd: dir }).catch((e: LeashError) => e.code)).toBe(
      "exec.sandbox_unavailable",
    );
    const byDefault = createCommandRunner({
      commands: { unit: node("") },
      maxOutputBytes: 1000,
      sandboxDefault: "bwrap",
      baseEnv: { ...process.env, PATH: dir },
    });
    expect(await byDefault.run("unit", { cwd: dir }).catch((e: LeashError) => e.code)).toBe(
      "exec.sandbox_unavailable",
    );
  });

  it("returns a non-zero exit as data with stdout, stderr and stdin passed through", async () => {
    const runner = createCommandRunner({
      commands: {
        t: node(
          "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write('out:'+s);process.stderr.write('err');process.exit(3)})",
        ),
      },
      maxOutputBytes: 1000,
    });
    const r = await runner.run("t", { cwd: dir, stdin: "hello" });
    expect(r).toMatchObject({
      exitCode: 3,
      signal: null,
      timedOut: false,
      stdout: "out:hello",
      stderr: "err",
      stdoutCutBytes: 0,
    });
  });

  it("reports a missing binary as a result with exitCode null and the reason in stderr", async () => {
    const runner = createCommandRunner({
      commands: { t: { argv: ["/nonexistent/leash-bin"], timeout_s: 5 } },
      maxOutputBytes: 1000,
    });
    const r = await runner.run("t", { cwd: dir });
    expect(r.exitCode).toBeNull();
    expect(r.stderr).toContain("could not start /nonexistent/leash-bin");
  });

  it("passes shell metacharacters literally: no shell ever runs", async () => {
    const literal = "$(touch pwned) ; rm -rf / `id` | cat > x && echo *";
    const runner = createCommandRunner({
      commands: {
        t: {
          argv: [process.execPath, "-e", "process.stdout.write(process.argv[1])", literal],
          timeout_s: 10,
        },
      },
      maxOutputBytes: 1000,
    });
    const r = await runner.run("t", { cwd: dir });
    expect(r.stdout).toBe(literal);
    expect(existsSync(join(dir, "pwned"))).toBe(false);
    expect(existsSync(join(dir, "x"))).toBe(false);
  });

  it("kills a command past its timeout together with its grandchildren", async () => {
    const pidFile = join(dir, "pidfile");
    const runner = createCommandRunner({
      commands: { slow: { argv: ["sh", "-c", `sleep 100 & echo $! > '${pidFile}'; wait`], timeout_s: 0.5 } },
      maxOutputBytes: 1000,
    });
    const r = await runner.run("slow", { cwd: dir });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    const grandchild = Number(readFileSync(pidFile, "utf8").trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntil(() => !isProcessAlive(grandchild))).toBe(true);
  });

  it("escalates to SIGKILL when the group ignores SIGTERM", async () => {
    const runner = createCommandRunner({
      commands: {
        stubborn: { argv: ["sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"], timeout_s: 0.3 },
      },
      maxOutputBytes: 1000,
    });
    const r = await runner.run("stubborn", { cwd: dir });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe("SIGKILL");
  });

  it("an AbortSignal ends the whole group the same way", async () => {
    const pidFile = join(dir, "pidfile");
    const runner = createCommandRunner({
      commands: { slow: { argv: ["sh", "-c", `sleep 100 & echo $! > '${pidFile}'; wait`], timeout_s: 60 } },
      maxOutputBytes: 1000,
    });
    const ac = new AbortController();
    const pending = runner.run("slow", { cwd: dir, signal: ac.signal });
    await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "");
    ac.abort();
    const r = await pending;
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).toBeNull();
    const grandchild = Number(readFileSync(pidFile, "utf8").trim());
    expect(await waitUntil(() => !isProcessAlive(grandchild))).toBe(true);
  });

  it("caps 10 MB of output to head and tail and counts the cut", async () => {
    const script =
      "const b=Buffer.alloc(1024*1024,120);b.write('BEGIN');for(let i=0;i<9;i++)process.stdout.write(b);process.stdout.write(Buffer.alloc(1024*1024-3,121));process.stdout.write('END')";
    const runner = createCommandRunner({
      commands: { big: node(script), small: node(script, { max_output_bytes: 100 }) },
      maxOutputBytes: 4096,
    });
    const r = await runner.run("big", { cwd: dir });
    expect(r.stdoutTotalBytes).toBe(10 * 1024 * 1024);
    expect(r.stdoutCutBytes).toBe(10 * 1024 * 1024 - 4096);
    expect(r.stdout.startsWith("BEGIN")).toBe(true);
    expect(r.stdout.endsWith("END")).toBe(true);
    expect(r.stdout).toContain(`${10 * 1024 * 1024 - 4096} bytes cut`);
    expect(r.stdout.length).toBeLessThan(4096 + 200);
    const own = await runner.run("small", { cwd: dir });
    expect(own.stdoutCutBytes).toBe(10 * 1024 * 1024 - 100);
  });

  it("scrubs secrets from the environment unless passed by env_pass, then applies run env", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENAI_API_KEY: "sk-1",
      FOO_TOKEN: "t",
      db_password: "p",
      MY_SECRET: "s",
      PASS_ME_KEY: "k",
      PLAIN: "v",
    });
    try {
      const runner = createCommandRunner({
        commands: {
          env: node("process.stdout.write(JSON.stringify(process.env))", { env_pass: ["PASS_ME_KEY"] }),
        },
        maxOutputBytes: 1_000_000,
      });
      const r = await runner.run("env", { cwd: dir, env: { GIT_INDEX_FILE: "/tmp/x" } });
      const seen = JSON.parse(r.stdout) as Record<string, string>;
      expect(seen.OPENAI_API_KEY).toBeUndefined();
      expect(seen.FOO_TOKEN).toBeUndefined();
      expect(seen.db_password).toBeUndefined();
      expect(seen.MY_SECRET).toBeUndefined();
      expect(seen.PASS_ME_KEY).toBe("k");
      expect(seen.PLAIN).toBe("v");
      expect(seen.GIT_INDEX_FILE).toBe("/tmp/x");
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    }
  });
});
