import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDetectedCommands, describeCheck } from "../../src/cli/init-baseline.js";
import { makeTempRepo, type TempRepo } from "../helpers/git-repo.js";

/** What `leash init` says of each detected command, for the outcomes a CLI test cannot reach cheaply. */

const NO_SANDBOX = { default: "none" as const, read_paths: [] };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function repo(): TempRepo {
  const r = makeTempRepo({ "README.md": "# x\n" });
  cleanups.push(() => r.cleanup());
  return r;
}

describe("init's clean-tree checks", () => {
  it("a command that outlives its timeout_s is said to time out, with the limit and the fix", async () => {
    const r = repo();
    const started: string[] = [];
    const [check] = await checkDetectedCommands(
      r.root,
      { unit: { argv: [process.execPath, "-e", "setTimeout(() => {}, 30000)"], timeout_s: 0.5 } },
      NO_SANDBOX,
      (name) => started.push(name),
    );
    expect(started).toEqual(["unit"]);
    expect(check).toEqual({ name: "unit", kind: "times_out", seconds: 0.5 });
    expect(describeCheck(check!)).toBe(
      "times out on the clean tree (after 0.5 s; raise its timeout_s if it needs longer)",
    );
    expect(r.snapshot()).toEqual(new Map([["README.md", Buffer.from("# x\n")]]));
  });

  it("a sandbox that cannot start is said so, not called a timeout", async () => {
    const r = repo();
    // A bwrap that exists but cannot create a namespace, as in a locked-down container.
    const bin = mkdtempSync(join(tmpdir(), "leash-init-bwrap-"));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    writeFileSync(
      join(bin, "bwrap"),
      "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n",
    );
    chmodSync(join(bin, "bwrap"), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    cleanups.push(() => {
      process.env.PATH = path;
    });
    const [check] = await checkDetectedCommands(
      r.root,
      { unit: { argv: ["true"], timeout_s: 5, sandbox: "bwrap" } },
      NO_SANDBOX,
    );
    expect(check?.kind).toBe("cannot_run");
    expect(describeCheck(check!)).toMatch(
      /^cannot run: .*cannot create one here.*\[exec\.sandbox_forbidden\]$/,
    );
  });
});
