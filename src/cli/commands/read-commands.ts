/** create, view and list, for every API (--api 1.0 | 1.1 | 2), with an option for every documented request field. */
import { Command } from "commander";
import { UsageError } from "../../shared/usage-error.js";
import { addConnectionOptions, type CommonOptions, connectWith } from "../common-options.js";
import { EXIT_OK } from "../exit-codes.js";
import { type CliIo, emit } from "../io.js";
import { renderRecord, renderTable } from "../render.js";
import { example, type NameOptions, type Run, waitIfAsked, withName, withWait } from "./command-kit.js";

type CreateOptions = NameOptions & { type?: string; description?: string; displayName?: string };

async function create(options: CreateOptions, io: CliIo): Promise<number> {
  if (options.api === "2" && options.description !== undefined)
    throw new UsageError("--description is 1.x only; use --display-name on API 2");
  if (options.api !== "2" && options.displayName !== undefined)
    throw new UsageError("--display-name is API 2 only; use --description on 1.x");
  const { api } = connectWith(options, io);
  const { indexingToken } = await api.create(options.name, {
    type: options.type,
    description: options.description,
    displayName: options.displayName,
  });
  const indexing = await waitIfAsked(options, api, indexingToken);
  const result = {
    ok: true,
    command: "create",
    audience: options.name,
    indexingToken: indexingToken ?? null,
    indexingState: indexing ?? null,
  };
  const token = indexingToken ? ` (indexing token ${indexingToken}${indexing ? `, ${indexing}` : ""})` : "";
  emit(io, options.json === true, result, () => `created ${options.name}${token}`);
  return EXIT_OK;
}

function createCommand(io: CliIo, run: Run): Command {
  const command = withWait(withName(new Command("create").description("create an audience")))
    .option("--type <type>", "1.0: custom_ids | advertising_ids (default custom_ids); 1.1: install_ids; 2: custom_ids")
    .option("--description <text>", "1.x: description of the audience")
    .option("--display-name <text>", "2.x: human-readable label");
  addConnectionOptions(command);
  example(command, [
    'batch-audience create --api 2 --name fans --display-name "Fans" --wait',
    "batch-audience create --api 1.0 --name gaids --type advertising_ids",
  ]);
  return command.action((options: CreateOptions) => run(create(options, io)));
}

function viewCommand(io: CliIo, run: Run): Command {
  const command = withName(new Command("view").description("show an audience (size, dates, indexing state)")).option(
    "--indexing-token <token>",
    "report the indexing state of this write",
  );
  addConnectionOptions(command);
  example(command, [
    "batch-audience view --api 1.1 --name vip",
    "batch-audience view --api 2 --name fans --indexing-token TOKEN --json",
  ]);
  const view = async (options: NameOptions & { indexingToken?: string }) => {
    const { api } = connectWith(options, io);
    const audience = await api.get(options.name, options.indexingToken);
    emit(io, options.json === true, audience, () => renderRecord(audience));
    return EXIT_OK;
  };
  return command.action((options: NameOptions & { indexingToken?: string }) => run(view(options)));
}

type ListOptions = CommonOptions & { limit?: string; pageSize: string };

async function list(options: ListOptions, io: CliIo): Promise<number> {
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
    throw new UsageError(`--limit must be an integer >= 0`);
  const pageSize = Number(options.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
    throw new UsageError("--page-size must be an integer from 1 to 100");
  const { api } = connectWith(options, io);
  const audiences: Array<Record<string, unknown>> = [];
  for await (const audience of api.list(limit, pageSize)) audiences.push(audience);
  emit(io, options.json === true, audiences, () => (audiences.length === 0 ? "no audiences" : renderTable(audiences)));
  return EXIT_OK;
}

function listCommand(io: CliIo, run: Run): Command {
  const command = new Command("list")
    .description("list audiences, newest first (every page, or the first --limit)")
    .option("--limit <n>", "stop after this many audiences")
    .option("--page-size <n>", "audiences per request (1-100)", "100");
  addConnectionOptions(command);
  example(command, ["batch-audience list --api 2", "batch-audience list --api 1.1 --limit 20 --json"]);
  return command.action((options: ListOptions) => run(list(options, io)));
}

export function readCommands(io: CliIo, run: Run): Command[] {
  return [createCommand(io, run), viewCommand(io, run), listCommand(io, run)];
}
