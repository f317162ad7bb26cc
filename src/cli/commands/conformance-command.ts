/**
 * `batch-audience conformance`: runs the conformance suite with the options of `npm run
 * conformance`, in this process. The suite ships in the package (dist/conformance/, compiled next to
 * dist/src/) and reads the bundles from dist/specs/; in a checkout the same import loads
 * conformance/*.ts under tsx and reads generated/. It is loaded only when this command runs, so the
 * other commands do not pay for Ajv, fast-check and the cases.
 */
import { Command } from "commander";
import type { CliIo } from "../io.js";

const EXAMPLES = `
Examples:
  $ batch-audience conformance --target emulator --report reports/emulator   # no keys, no Prism needed
  $ batch-audience conformance --target url --url audience-2=http://127.0.0.1:4020/2.11 --api audience-2
  $ batch-audience conformance                                               # Prism mocks (needs Prism)
  $ batch-audience conformance --help                                        # every option
`;

async function runConformanceCommand(args: string[], io: CliIo): Promise<number> {
  const { runConformance } = await import("../../../conformance/main.js");
  const code = await runConformance(args, io);
  if (args.includes("--help") || args.includes("-h")) io.stdout.write(EXAMPLES);
  return code;
}

export function conformanceCommand(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  return new Command("conformance")
    .description("run the conformance suite against Prism mocks, the emulator, a URL or Batch (--help: every option)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument("[options...]")
    .action((args: string[]) => run(runConformanceCommand(args, io)));
}
