/** The `batch-audience` command tree (commander). */
import { Command, CommanderError } from "commander";
import { UsageError } from "../shared/usage-error.js";
import { audienceCommands } from "./commands/audience-commands.js";
import { conformanceCommand } from "./commands/conformance-command.js";
import { emulatorCommand } from "./commands/emulator-command.js";
import { inferredCommand } from "./commands/inferred-command.js";
import { syncCommand } from "./commands/sync-command.js";
import { describeError } from "./errors-output.js";
import { EXIT_OK, EXIT_USAGE } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { KEY_VARIABLES } from "./keys.js";
import { packageVersion } from "./package-root.js";

const OVERVIEW = `
Quick start (two commands, in two terminals):
  $ batch-audience emulator
  $ batch-audience sync --emulator --api 2 --name fans --file ids.csv

Keys come from ${KEY_VARIABLES.restKey}, ${KEY_VARIABLES.apiKey} (1.x app key) and ${KEY_VARIABLES.projectKey}
(2.x), from the environment or --dotenv FILE; they are never printed. Add --json to any command for
machine output. Exit codes: 0 ok, 1 API or validation failure, 2 usage error, 130 interrupted.
`;

export function buildProgram(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  const program = new Command("batch-audience")
    .description("Batch.com audiences from the terminal: Custom Audience API 1.0 / 1.1 and Audience API 2.x")
    .version(packageVersion())
    .enablePositionalOptions()
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", OVERVIEW);
  for (const command of [
    ...audienceCommands(io, run),
    syncCommand(io, run),
    emulatorCommand(io, run),
    conformanceCommand(io, run),
    inferredCommand(io, run),
  ]) {
    program.addCommand(command);
  }
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/**
 * Node.js 20 takes `--env-file` for itself wherever it appears (nodejs/node#54232) and exits 9
 * before the CLI starts when the file is missing, so the CLI's own flag is `--dotenv`; the old name
 * gets a usage error saying so instead of commander's "unknown option".
 */
function checkRenamedFlags(argv: readonly string[]): void {
  if (argv.some((arg) => arg === "--env-file" || arg.startsWith("--env-file=")))
    throw new UsageError(
      "--env-file is now --dotenv FILE (Node.js 20 reads --env-file itself and stops before the CLI starts)",
    );
}

function reportFailure(error: unknown, io: CliIo, json: boolean): number {
  const report = describeError(error);
  io.stderr.write(`batch-audience: ${report.line}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: report.json }, null, 2)}\n`);
  return report.exitCode;
}

const HELP_CODES = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

/** Parses and runs; resolves with the process exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram(io, async (code) => {
    pending = code;
    await code;
  });
  const json = argv.includes("--json");
  try {
    checkRenamedFlags(argv);
    await program.parseAsync([...argv], { from: "user" });
    if (pending === undefined) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    return await pending;
  } catch (error) {
    if (!(error instanceof CommanderError)) return reportFailure(error, io, json);
    if (HELP_CODES.has(error.code)) return EXIT_OK;
    // commander has already written its message (and the --help hint) to stderr.
    if (json) {
      const message = error.message.replace(/^error: /, "");
      io.stdout.write(`${JSON.stringify({ ok: false, error: { kind: "usage", message } }, null, 2)}\n`);
    }
    return EXIT_USAGE;
  }
}
