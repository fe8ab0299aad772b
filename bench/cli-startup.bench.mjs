// `leash --help` start-up time: median and p95 of 30 cold process starts.
import { spawnSync } from "node:child_process";
import { LEASH_BIN } from "./lib/leash-cli.mjs";

const bin = LEASH_BIN;
const times = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, "--help"], { encoding: "utf8" });
  times.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`leash --help exited ${r.status}`);
}
times.sort((a, b) => a - b);
const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(
  `leash --help start-up: median ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms (n=30)`,
);
