/** `batch-audience sync`: options and help; the work is in sync-run.ts, loaded when it runs. */
import { Command, Option } from "commander";
import { MAX_IDS_PER_CALL } from "../../index.js";
import { addConfirmOption, addConnectionOptions } from "../common-options.js";
import type { CliIo } from "../io.js";
import { SYNC_MODES } from "../sync/row-ops.js";
import type { SyncOptions } from "../sync/settings.js";

const EXAMPLE = `
Examples:
  $ batch-audience sync --emulator --api 2 --name fans --file ids.csv
  $ batch-audience sync --api 1.1 --name vip --file users.csv --mode replace --wait --dotenv .env
  $ batch-audience sync --api 2 --name fans --file ids.csv --dry-run
  $ batch-audience sync --api 2 --name fans --file ids.csv --resume      # after a crash or Ctrl-C
  $ batch-audience sync --api 2 --name fans --file export.csv --delimiter ";"
  $ batch-audience sync --api 2 --name fans --file ids.txt --no-header   # one ID per line
  $ batch-audience sync --api 2 --name fans --file ids.csv --shard 0/4    # 4 processes: 0/4 … 3/4
  $ cat ids.ndjson | batch-audience sync --api 2 --name fans --file - --format ndjson

CSV: a header row; the ID column is "id" (or --id-column). With --mode add, other columns are
attributes named after their header ("age:number", "interests:array" with |-separated values,
"name:string", "date(signup)", "url(site)"); on API 1.1 a "tags" column holds |-separated tags.
With --no-header, the first column is the ID and the others are ignored.
NDJSON: one {"id": "…", "attributes": {…}, "tags": […], "action": "add|remove"} object or "ID"
string per line. Row numbers in reports are line numbers in the file.
`;

export function syncCommand(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  const command = new Command("sync")
    .description("stream a CSV or NDJSON file of IDs into an audience (validated, chunked, resumable)")
    .requiredOption("--name <audience>", "audience name")
    .requiredOption("--file <path>", "input file: .csv, .ndjson/.jsonl, or - for stdin")
    .addOption(
      new Option("--mode <mode>", "add or remove every row, or replace the audience with the file")
        .choices(SYNC_MODES)
        .default("add"),
    )
    .addOption(
      new Option("--format <format>", "input format (default: from the extension; csv for stdin)").choices([
        "csv",
        "ndjson",
      ]),
    )
    .option("--id-column <name>", 'CSV column holding the IDs (default "id")')
    .option("--delimiter <char>", 'CSV field separator: one character, or "tab"', ",")
    .option("--no-header", "the CSV has no header row: the first column is the ID")
    .option(
      "--ignore-column <name>",
      "CSV column to leave out (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      "--type <type>",
      "1.0: custom_ids or advertising_ids (for the create, and update bodies; default: the audience's)",
    )
    .option("--dry-run", "validate every row and report problems; send nothing")
    .option("--resume", "continue an interrupted sync from its checkpoint (acknowledged rows are not sent again)")
    .option("--restart", "discard an existing checkpoint and start from the first row")
    .option(
      "--checkpoint <path>",
      "checkpoint file (default <file>.batch-sync.json, or under ~/.local/state/batch-audience/ when the input's folder is read-only)",
    )
    .option(
      "--shard <K/N>",
      "send only the rows whose ID hashes to shard K of N (K from 0 to N-1; one process per shard, each with its own checkpoint)",
    )
    .option("--wait", "wait until Batch has indexed the writes")
    .option("--wait-timeout <seconds>", "give up waiting for indexing after this long", "600")
    .option("--concurrency <n>", "requests in flight (lanes)", "4")
    .option("--chunk-size <n>", `IDs per request (at most ${MAX_IDS_PER_CALL})`, String(MAX_IDS_PER_CALL))
    .option("--no-create", "fail if the audience does not exist (default: create it)")
    .addOption(
      new Option("--progress <style>", "progress display: a bar on a terminal, lines otherwise")
        .choices(["auto", "bar", "lines", "off"])
        .default("auto"),
    )
    .option("--quiet", "no progress output");
  addConfirmOption(command);
  addConnectionOptions(command);
  command.addHelpText("after", EXAMPLE);
  command.action((options: SyncOptions, self: Command) =>
    run(
      import("./sync-run.js").then(({ runSync }) =>
        runSync({ ...options, concurrencyExplicit: self.getOptionValueSource("concurrency") === "cli" }, io),
      ),
    ),
  );
  return command;
}
