import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real git repos, real processes and real SQLite files: give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // At least two workers (vitest's default is cores − 1, one on the 2-core machine CI runs on):
    // most tests wait on real child processes, so one worker left a core idle (README: Develop).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ["default", ["json", { outputFile: ".test-report.json" }]],
  },
});
