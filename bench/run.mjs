// Runs every bench/*.bench.mjs in turn against the built dist/ and prints their figures.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv[2];
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.mjs"))
  .filter((f) => !only || f.includes(only))
  .sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, [join(dir, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
