import { defineConfig } from "vitest/config";

// One run covers spec tests (test/spec), client unit tests (test/client), the conformance suite
// against the embedded Prism mock (conformance/) and type tests (*.test-d.ts, checked by tsc).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "conformance/**/*.test.ts"],
    // Prism start-up and Chromium rendering take seconds on these 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // Tags temporary folders and fails the run when a test leaves one behind (test/support/temp.ts).
    globalSetup: ["test/support/temp-check.global.ts"],
    // The JSON report feeds the plain "N passed, N failed" line .ci/run prints.
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
