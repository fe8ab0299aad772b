import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

/**
 * better-sqlite3's install script compiles SQLite from source where no prebuilt binary is
 * reachable (≈ 70 s here). The install above skips scripts; when the registry gave the same
 * better-sqlite3 as the clone's, its addon is the one this machine's `npm ci` already built from
 * the same source, so it is copied in. Otherwise the script runs as a user's install would.
 */
function provideSqliteAddon(installed: string): void {
  const version = (dir: string) =>
    (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
  const ours = join(ROOT, "node_modules", "better-sqlite3");
  const theirs = join(installed, "node_modules", "better-sqlite3");
  if (
    version(ours) === version(theirs) &&
    existsSync(join(ours, "build", "Release", "better_sqlite3.node"))
  ) {
    cpSync(join(ours, "build"), join(theirs, "build"), { recursive: true });
    return;
  }
  const rebuild = spawnSync("npm", ["rebuild", "better-sqlite3"], {
    cwd: installed,
    encoding: "utf8",
    timeout: 900_000,
    env: { ...process.env, JOBS: "max" },
  });
  expect(rebuild.status, rebuild.stderr).toBe(0);
}

/**
 * What a user outside the clone gets: the packed tarball installed into a fresh prefix, run from
 * a directory that is not the clone. This is the only test that installs from the registry
 * cache; it builds better-sqlite3 from source where no prebuilt binary is reachable, so it is slow.
 */
describe("the published package", () => {
  const work = mkdtempSync(join(tmpdir(), "leash-pack-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is named by a package of ours, keeps the leash bin, and ships what it needs", () => {
    expect(pkg.name).toBe("leash-cli");
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.bin).toEqual({ leash: "dist/bundle/leash.cjs" });
    expect(manifest.engines.node).toBe(">=20.19");
    expect(manifest.files).toEqual(expect.arrayContaining(["dist", "data", "schema", "demo"]));
  });

  it("packs, installs into a temporary prefix, and runs --version and the demo from outside the clone", () => {
    // dist/ is built by `pretest`; packing again would rebuild it for nothing.
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", work, "--json"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(work, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    const prefix = join(work, "prefix");
    const install = spawnSync(
      "npm",
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        tarball,
      ],
      { cwd: work, encoding: "utf8", timeout: 900_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    provideSqliteAddon(join(prefix, "lib", "node_modules", pkg.name));
    const bin = join(prefix, "bin", "leash");
    const outside = mkdtempSync(join(tmpdir(), "leash-outside-"));
    try {
      const version = spawnSync(bin, ["--version"], { cwd: outside, encoding: "utf8" });
      expect(version.status).toBe(0);
      expect(version.stdout.trim()).toBe(pkg.version);
      const demo = spawnSync(bin, ["demo"], {
        cwd: outside,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        timeout: 600_000,
      });
      expect(demo.status, demo.stderr).toBe(0);
      expect(demo.stdout).toMatch(/all \d+ scenarios ended as expected/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  }, 1_200_000);
});
