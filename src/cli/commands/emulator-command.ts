/** `batch-audience emulator`: the local emulator of the three APIs, with the same options as `npm run emulator`. */
import { Command } from "commander";
import { EXIT_OK } from "../exit-codes.js";
import type { CliIo } from "../io.js";

const EXAMPLES = `
Examples:
  $ batch-audience emulator                       # port 4020, development keys
  $ batch-audience emulator --port 0 --fault-rate 429=0.05 --seed 7
  then, in another terminal:
  $ batch-audience sync --emulator --api 2 --name fans --file ids.csv
`;

function emulatorHelp(HELP: string): string {
  return `${HELP.replaceAll("npm run emulator --", "batch-audience emulator")}${EXAMPLES}`;
}

async function runEmulator(args: string[], io: CliIo): Promise<number> {
  // Loaded here: the other commands need none of the emulator.
  const {
    EMULATOR_CLI_HELP: HELP,
    parseEmulatorArgs: parseCli,
    startEmulator,
  } = await import("../../emulator/index.js");
  // Throws the shared UsageError (exit 2), like every other command's option check.
  const config = parseCli(args, io.env);
  if (config.help) {
    io.stdout.write(emulatorHelp(HELP));
    return EXIT_OK;
  }
  const emulator = await startEmulator(config.options);
  io.stdout.write(
    [
      `Batch audience emulator listening on ${emulator.baseUrl}`,
      `  custom-audience-1.0/1.1  ${emulator.urls["custom-audience-1.1"]}`,
      `  audience-2               ${emulator.urls["audience-2"]}`,
      `  control                  ${emulator.baseUrl}/_emulator/stats`,
      `Keys: REST ${config.keySources.restKeys}; app ${config.keySources.apiKeys}; project ${config.keySources.projectKeys}`,
      "  (the development keys are not secrets and are shown; keys you set are never printed)",
      `Try: batch-audience sync --emulator ${emulator.baseUrl} --api 2 --name fans --file ids.csv`,
      "Ctrl-C stops it.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = io.onInterrupt(() => {
      stop();
      resolve();
    });
  });
  await emulator.stop();
  return EXIT_OK;
}

export function emulatorCommand(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  return new Command("emulator")
    .description("start the local emulator of the three APIs (options: batch-audience emulator --help)")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .passThroughOptions()
    .argument("[options...]")
    .action((args: string[]) => run(runEmulator(args, io)));
}
