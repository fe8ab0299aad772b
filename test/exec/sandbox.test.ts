import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CommandConfig } from "../../src/config/schema.js";
import { createCommandRunner } from "../../src/exec/command-runner.js";
import { bwrapSkipReason } from "../helpers/bwrap.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

// Real bubblewrap. Where it is missing or the kernel forbids user namespaces, say why and skip.
const skipReason = bwrapSkipReason();
if (skipReason) console.warn(`test/exec/sandbox.test.ts skipped: ${skipReason}`);

const node = (script: string, args: string[] = [], extra: Partial<CommandConfig> = {}): CommandConfig => ({
  argv: [process.execPath, "-e", script, ...args],
  timeout_s: 30,
  ...extra,
});

function canWrite(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A command that starts two children appending to files every 50 ms, one in its group and one
 * detached, then waits: a file that stops growing shows that child is gone.
 */
function beatingChildren(root: string) {
  const beat = (file: string) =>
    `setInterval(()=>require('fs').appendFileSync(${JSON.stringify(file)},'.'),50)`;
  const inGroup = join(root, "beat-group");
  const detached = join(root, "beat-detached");
  const script = [
    "const {spawn}=require('child_process');",
    `spawn(process.execPath,['-e',${JSON.stringify(beat(inGroup))}],{stdio:'ignore'});`,
    `spawn(process.execPath,['-e',${JSON.stringify(beat(detached))}],{stdio:'ignore',detached:true}).unref();`,
    "setInterval(()=>{},1000);",
  ].join("");
  return { inGroup, detached, script };
}

describe.skipIf(skipReason !== undefined)("commands under bwrap", () => {
  let repo: TempRepo;
  let other: string;
  beforeEach(() => {
    repo = makeTempRepo({ "src/a.ts": "export const a = 1;\n" });
    other = mkdtempSync(join(tmpdir(), "leash-sbx-other-"));
  });
  afterEach(() => {
    repo.cleanup();
    rmSync(other, { recursive: true, force: true });
  });

  describe("network", () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      // The client exits at once; its reset is expected, not a failure.
      server = createServer((s) => s.on("error", () => {}).end("hi"));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const addr = server.address();
      port = typeof addr === "object" && addr ? addr.port : 0;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("reaches a loopback port unsandboxed but not sandboxed", async () => {
      const connect = `const s=require('net').connect(${port},'127.0.0.1');s.on('connect',()=>{console.log('connected');process.exit(0)});s.on('error',e=>{console.error(e.code);process.exit(7)})`;
      const runner = createCommandRunner({
        commands: { open: node(connect), shut: node(connect, [], { sandbox: "bwrap" }) },
        maxOutputBytes: 4096,
      });
      const control = await runner.run("open", { cwd: repo.root });
      expect(control.exitCode).toBe(0);
      expect(control.stdout).toContain("connected");
      const boxed = await runner.run("shut", { cwd: repo.root });
      expect(boxed.exitCode).toBe(7);
      expect(boxed.stdout).not.toContain("connected");
    });
  });

  it("writes inside cwd, but nothing outside it, in its .git or .leash, or in the real HOME reaches the host", async () => {
    const realHomeFile = join(homedir(), `leash-sandbox-probe-${process.pid}-${Date.now()}`);
    const targets = {
      inside: join(repo.root, "inside.txt"),
      other: join(other, "escaped.txt"),
      home: realHomeFile,
      hook: join(repo.root, ".git", "hooks", "pre-commit"),
      leash: join(repo.root, ".leash", "ledger.sqlite"),
    };
    repo.write(".leash/keep", "");
    // Root inside the sandbox first tries to remount the read-only root writable.
    const script =
      "try{require('child_process').execFileSync('mount',['-o','remount,rw','/'],{stdio:'ignore'})}catch{}const fs=require('fs');const out={};for(const [k,p] of Object.entries(JSON.parse(process.argv[1]))){try{fs.writeFileSync(p,'x');out[k]='ok'}catch(e){out[k]=e.code}}console.log(JSON.stringify(out))";
    const runner = createCommandRunner({
      commands: { w: node(script, [JSON.stringify(targets)], { sandbox: "bwrap" }) },
      maxOutputBytes: 4096,
    });
    try {
      const r = await runner.run("w", { cwd: repo.root });
      expect(r.exitCode).toBe(0);
      const seen = JSON.parse(r.stdout) as Record<string, string>;
      expect(seen.inside).toBe("ok");
      expect(readFileSync(targets.inside, "utf8")).toBe("x");
      expect(seen.home).not.toBe("ok");
      expect(seen.hook).not.toBe("ok");
      expect(seen.leash).not.toBe("ok");
      // The other temp dir sits under the host's /tmp, which the sandbox replaces with its own.
      expect(existsSync(targets.other)).toBe(false);
      expect(existsSync(targets.home)).toBe(false);
      expect(existsSync(targets.hook)).toBe(false);
      expect(existsSync(targets.leash)).toBe(false);
    } finally {
      rmSync(realHomeFile, { force: true });
    }
  });

  // Only where the test may create a socket in the host's /run (root, as on most CI images).
  it.skipIf(!canWrite("/run"))("cannot connect to a host Unix socket under /run", async () => {
    const sock = join("/run", `leash-sbx-${process.pid}.sock`);
    const server = createServer((s) => s.on("error", () => {}).end("hi"));
    await new Promise<void>((r) => server.listen(sock, r));
    try {
      const connect = `const s=require('net').connect(process.argv[1]);s.on('connect',()=>{console.log('connected');process.exit(0)});s.on('error',e=>{console.error(e.code);process.exit(7)})`;
      const runner = createCommandRunner({
        commands: { open: node(connect, [sock]), shut: node(connect, [sock], { sandbox: "bwrap" }) },
        maxOutputBytes: 4096,
      });
      expect((await runner.run("open", { cwd: repo.root })).exitCode).toBe(0);
      expect((await runner.run("shut", { cwd: repo.root })).exitCode).toBe(7);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("gets a fresh writable HOME that is removed afterwards", async () => {
    const script =
      "const fs=require('fs');const h=require('os').homedir();fs.writeFileSync(h+'/.npmrc','x');console.log(JSON.stringify({env:process.env.HOME,h}))";
    const runner = createCommandRunner({
      commands: { h: node(script, [], { sandbox: "bwrap" }) },
      maxOutputBytes: 4096,
    });
    const r = await runner.run("h", { cwd: repo.root });
    expect(r.exitCode).toBe(0);
    const seen = JSON.parse(r.stdout) as { env: string; h: string };
    expect(seen.env).toBe(seen.h);
    expect(seen.env).not.toBe(homedir());
    expect(seen.env).toContain("leash-home-");
    expect(existsSync(seen.env)).toBe(false);
  });

  it("passes stdin, stdout, stderr and the exit code through", async () => {
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{process.stdout.write('out:'+s+':'+process.cwd());process.stderr.write('err');process.exit(3)})";
    const runner = createCommandRunner({
      commands: { t: node(script, [], { sandbox: "bwrap" }) },
      maxOutputBytes: 4096,
    });
    const r = await runner.run("t", { cwd: repo.root, stdin: "hello" });
    expect(r).toMatchObject({ exitCode: 3, timedOut: false, stderr: "err" });
    expect(r.stdout).toMatch(/^out:hello:\//);
  });

  it("is still ended by its timeout, with the children it started, even a detached one", async () => {
    const { inGroup, detached, script } = beatingChildren(repo.root);
    const runner = createCommandRunner({
      commands: { slow: node(script, [], { sandbox: "bwrap", timeout_s: 1 }) },
      maxOutputBytes: 4096,
    });
    const r = await runner.run("slow", { cwd: repo.root });
    expect(r.timedOut).toBe(true);
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    await sleep(200);
    const first = [size(inGroup), size(detached)];
    expect(first[0]).toBeGreaterThan(0);
    expect(first[1]).toBeGreaterThan(0);
    await sleep(600);
    expect([size(inGroup), size(detached)]).toEqual(first);
  });

  it("dies with Leash, detached children too, with no watchdog needed (bwrap --die-with-parent)", async () => {
    const { inGroup, detached, script } = beatingChildren(repo.root);
    const fixture = join(import.meta.dirname, "..", "fixtures", "exec", "sandboxed-then-killed.mjs");
    const dist = join(import.meta.dirname, "..", "..", "dist");
    const leash = spawn(process.execPath, [fixture, dist, repo.root, script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    leash.stdout.on("data", (c) => {
      out += c;
    });
    const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
    for (let i = 0; i < 200 && (size(inGroup) === 0 || size(detached) === 0); i++) await sleep(50);
    expect(size(inGroup)).toBeGreaterThan(0);
    expect(size(detached)).toBeGreaterThan(0);
    const exited = new Promise((r) => leash.on("exit", r));
    leash.kill("SIGKILL");
    await exited;
    await sleep(300);
    const after = [size(inGroup), size(detached)];
    await sleep(600);
    expect([size(inGroup), size(detached)]).toEqual(after);
    expect(out).toBe("started\n");
  });

  it("applies sandbox.default to commands that do not say, and sandbox: none opts out", async () => {
    const script = "console.log(process.env.HOME)";
    const runner = createCommandRunner({
      commands: { boxed: node(script), free: node(script, [], { sandbox: "none" }) },
      maxOutputBytes: 4096,
      sandboxDefault: "bwrap",
      baseEnv: { ...process.env, HOME: "/host-home-marker" },
    });
    const boxed = await runner.run("boxed", { cwd: repo.root });
    expect(boxed.stdout.trim()).toContain("leash-home-");
    const free = await runner.run("free", { cwd: repo.root });
    expect(free.stdout.trim()).toBe("/host-home-marker");
  });
});
