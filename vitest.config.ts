import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real git repos, real processes and real SQLite files: give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One worker process runs many files: a fresh process per file (vitest's default) re-loads
    // vitest and re-transforms src for each of ≈ 150 files, ≈ 0.25 s of CPU each on a 2-core
    // machine. Files leave no state behind that another depends on: environment changes are
    // restored and caches are keyed by temp paths. A failure that might depend on the file run
    // before it is re-checked with `--isolate` (README).
    isolate: false,
    // One worker more than there are cores (vitest's default is cores − 1): most tests wait on real
    // child processes and the disk, so even two workers on the 2-core machine CI runs on left a
    // fifth of the CPU idle. Alternated there, full suite: 2 workers 231 and 220 s, 3 workers 182 and
    // 196 s, for the same CPU; 4 workers were no faster than 3 (docs/benchmarks.md, seventh round).
    maxWorkers: availableParallelism() + 1,
    reporters: ["default", ["json", { outputFile: ".test-report.json" }]],
  },
});
