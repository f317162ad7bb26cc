/**
 * `batch-audience conformance`: runs the conformance suite with the options of `npm run
 * conformance`. The suite needs the specs and Prism from a checkout of the repository, so it is not
 * part of the published package; from a checkout, this delegates to `conformance/cli.ts`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Command } from "commander";
import { EXIT_FAILURE } from "../exit-codes.js";
import type { CliIo } from "../io.js";
import { packageRoot } from "../package-root.js";

const EXAMPLES = `
Examples (from a checkout of the repository):
  $ batch-audience conformance                                   # every case against Prism mocks
  $ batch-audience conformance --target url --url audience-2=http://127.0.0.1:4020/2.11 --api audience-2
  $ batch-audience conformance --help                            # every option
`;

function suiteEntry(): { root: string; entry: string; tsx: string } | undefined {
  const root = packageRoot();
  if (!root) return undefined;
  const entry = path.join(root, "conformance", "cli.ts");
  if (!existsSync(entry)) return undefined;
  try {
    const tsx = createRequire(path.join(root, "package.json")).resolve("tsx");
    return { root, entry, tsx };
  } catch {
    return undefined;
  }
}

async function runConformance(args: string[], io: CliIo): Promise<number> {
  const suite = suiteEntry();
  if (!suite) {
    io.stderr.write(
      "conformance: the suite runs from a checkout of the repository (it needs the specs and Prism): clone it, npm ci, then npm run conformance\n",
    );
    return EXIT_FAILURE;
  }
  const child = spawn(process.execPath, ["--import", "tsx", suite.entry, ...args], {
    cwd: suite.root,
    stdio: "inherit",
    env: io.env,
  });
  // Ctrl-C reaches the suite too (same process group); it cleans up and exits on its own, so this
  // process only waits for it.
  const stop = io.onInterrupt(() => {});
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? EXIT_FAILURE)));
  stop();
  if (args.includes("--help") || args.includes("-h")) io.stdout.write(EXAMPLES);
  return code;
}

export function conformanceCommand(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  return new Command("conformance")
    .description("run the conformance suite (options: batch-audience conformance --help)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument("[options...]")
    .action((args: string[]) => run(runConformance(args, io)));
}
