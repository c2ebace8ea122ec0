import { defineConfig } from "vitest/config";

// Two cores and a PGlite instance of ~200 MB per test file: keep parallelism at two forks.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
