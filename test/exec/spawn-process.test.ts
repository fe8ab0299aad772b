import { describe, expect, it } from "vitest";
import { spawnProcess } from "../../src/exec/spawn-process.js";

const blockFor = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The event loop stands still, as under a long synchronous step or a starved machine.
  }
};

describe("spawnProcess", () => {
  it("keeps output already in the pipe when the event loop stood still past the drain limit", async () => {
    // Timers run before pending reads. The command exits at once; a detached child of it writes
    // to the inherited pipe 300 ms later, inside the drain limit, while Leash's event loop is
    // blocked for 800 ms. A limit that cut the pipes as soon as its timer fired lost that output
    // (found as `git read-tree ""`: a git read that exited 0 with nothing on stdout, under load).
    const late =
      "require('child_process').spawn(process.execPath,['-e','setTimeout(()=>process.stdout.write(\"late\"),300)'],{detached:true,stdio:['ignore','inherit','ignore']}).unref();process.stderr.write('exiting')";
    const chunks: Buffer[] = [];
    let exiting: () => void = () => {};
    const told = new Promise<void>((r) => {
      exiting = r;
    });
    const run = spawnProcess({
      argv: [process.execPath, "-e", late],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 60_000,
      onStdout: (c) => chunks.push(c),
      onStderr: () => exiting(),
    });
    await told;
    await new Promise((r) => setTimeout(r, 50));
    // Blocked after the I/O poll (in setImmediate), so the next turn of the loop runs its due
    // timers before it reads anything.
    await new Promise<void>((r) =>
      setImmediate(() => {
        blockFor(800);
        r();
      }),
    );
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(Buffer.concat(chunks).toString("utf8")).toBe("late");
  }, 60_000);

  it("still stops waiting for a detached child that keeps the pipe open and keeps writing", async () => {
    const started = Date.now();
    const script =
      "require('child_process').spawn(process.execPath,['-e','setInterval(()=>process.stdout.write(\".\"),50)'],{detached:true,stdio:['ignore','inherit','ignore']}).unref()";
    let pid = 0;
    const r = await spawnProcess({
      argv: [process.execPath, "-e", script],
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 60_000,
      onStdout: () => {},
      onStderr: () => {},
      onSpawn: (p) => {
        pid = p;
      },
    });
    expect(r.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(pid).toBeGreaterThan(0);
  }, 60_000);
});
