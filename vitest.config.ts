import { defineConfig } from "vitest/config";

// One run covers spec tests (test/spec), client unit tests (test/client), the conformance suite
// against the embedded Prism mock (conformance/) and type tests (*.test-d.ts, checked by tsc).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "conformance/**/*.test.ts"],
    // Timeouts only catch hangs: nothing here asserts speed, and a loaded 2-core machine can take
    // minutes over what an idle one does in seconds (Prism start-up, Chromium, CLI subprocesses).
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
    // Tags temporary folders and fails the run when a test leaves one behind (test/support/temp.ts).
    // Builds dist/ once before any file runs (test/support/build.global.ts).
    globalSetup: ["test/support/temp-check.global.ts", "test/support/build.global.ts"],
    // The JSON report feeds the plain "N passed, N failed" line .ci/run prints.
    reporters: ["default", ["json", { outputFile: "test-output/vitest.json" }]],
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
