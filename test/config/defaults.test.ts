import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULTS_CACHE,
  DEFAULTS_FILE,
  defaultsHash,
  parseDefaultsText,
  readDefaults,
} from "../../src/config/defaults.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function files(yaml: string, cache?: string) {
  const dir = mkdtempSync(join(tmpdir(), "leash-defaults-"));
  dirs.push(dir);
  writeFileSync(join(dir, "defaults.yaml"), yaml);
  if (cache !== undefined) writeFileSync(join(dir, "defaults.json"), cache);
  return { yaml: join(dir, "defaults.yaml"), cache: join(dir, "defaults.json") };
}

describe("the defaults", () => {
  it("the build's JSON copy is the shipped YAML, hash and value", () => {
    const text = readFileSync(DEFAULTS_FILE, "utf8");
    const cache = JSON.parse(readFileSync(DEFAULTS_CACHE, "utf8"));
    expect(cache.sha256).toBe(defaultsHash(text));
    expect(cache.value).toEqual(parseDefaultsText(text));
  });

  it("a cache whose hash matches the YAML is what is read", async () => {
    const yaml = "limits:\n  max_attempts: 3\n";
    const cache = JSON.stringify({ sha256: defaultsHash(yaml), value: { from: "cache" } });
    expect(await readDefaults(files(yaml, cache))).toEqual({ from: "cache" });
  });

  it.each([
    ["a stale hash", JSON.stringify({ sha256: defaultsHash("other"), value: { from: "cache" } })],
    ["damaged JSON", "{ not json"],
    ["a value that is not a mapping", JSON.stringify({ sha256: defaultsHash("a: 1\n"), value: [1] })],
  ])("the YAML is parsed when the cache has %s", async (_what, cache) => {
    const yaml = "a: 1\n";
    expect(await readDefaults(files(yaml, cache))).toEqual({ a: 1 });
  });

  it("the YAML is parsed when there is no cache", async () => {
    expect(await readDefaults(files("a: 2\n"))).toEqual({ a: 2 });
  });
});
