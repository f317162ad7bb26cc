/** update, replace and delete, for every API; replace and delete ask first on a real Batch host (confirm.ts). */
import { Command } from "commander";
import type { IdOperation, ReplaceEntry } from "../../index.js";
import { UsageError } from "../../shared/usage-error.js";
import { addConfirmOption, addConnectionOptions, connectWith } from "../common-options.js";
import { confirmDestructive } from "../confirm.js";
import { EXIT_OK } from "../exit-codes.js";
import { type CliIo, emit } from "../io.js";
import {
  collect,
  example,
  type NameOptions,
  parseAttributes,
  type Run,
  readIdsJson,
  waitIfAsked,
  withName,
  withWait,
} from "./command-kit.js";

interface WriteOptions extends NameOptions {
  add: string[];
  remove: string[];
  id: string[];
  attribute: string[];
  tag: string[];
  idsJson?: string;
  type?: string;
}

function writeFlags(command: Command): Command {
  return command
    .option(
      "--attribute <name=value>",
      "attribute of the added IDs (repeatable; name:number=3, name:array=a|b, date(name)=…)",
      collect,
      [] as string[],
    )
    .option("--tag <tag>", "1.1: tag of the added IDs (repeatable, lowercase)", collect, [] as string[])
    .option("--ids-json <json|@file>", "the ids array as Batch takes it (JSON, or @path to a JSON file)");
}

function extras(options: WriteOptions): { attributes?: Record<string, unknown>; tags?: string[] } {
  const attributes = parseAttributes(options.attribute);
  return { ...(attributes ? { attributes } : {}), ...(options.tag.length > 0 ? { tags: options.tag } : {}) };
}

function updateItems(options: WriteOptions): IdOperation[] {
  const fromJson = readIdsJson(options.idsJson) as IdOperation[] | undefined;
  const added = extras(options);
  const items: IdOperation[] = [
    ...options.add.map((id) => ({ action: "add" as const, id, ...added }) as IdOperation),
    ...options.remove.map((id) => ({ action: "remove" as const, id })),
    ...(fromJson ?? []),
  ];
  if (items.length === 0) throw new UsageError("nothing to send: give --add, --remove or --ids-json");
  return items;
}

function replaceItems(options: WriteOptions): ReplaceEntry[] {
  const fromJson = readIdsJson(options.idsJson) as ReplaceEntry[] | undefined;
  const added = extras(options);
  const items: ReplaceEntry[] = [...options.id.map((id) => ({ id, ...added }) as ReplaceEntry), ...(fromJson ?? [])];
  if (items.length === 0) throw new UsageError("nothing to send: give --id or --ids-json");
  return items;
}

function written(io: CliIo, options: NameOptions, verb: "update" | "replace", token: string, state?: string): number {
  const result = {
    ok: true,
    command: verb,
    audience: options.name,
    indexingToken: token,
    indexingState: state ?? null,
  };
  const text = `${verb}d ${options.name} (indexing token ${token}${state ? `, ${state}` : ""})`;
  emit(io, options.json === true, result, () => text);
  return EXIT_OK;
}

function updateCommand(io: CliIo, run: Run): Command {
  const command = withWait(
    withName(new Command("update").description("add or remove IDs (at most 10,000 per call; use sync for files)")),
  )
    .option("--add <ids...>", "IDs to add", [] as string[])
    .option("--remove <ids...>", "IDs to remove", [] as string[])
    .option("--type <type>", "1.0: the audience type (custom_ids | advertising_ids; default: read from the audience)");
  writeFlags(command);
  addConnectionOptions(command);
  example(command, [
    "batch-audience update --api 2 --name fans --add u1 u2 --attribute plan=gold --attribute age:number=31",
    "batch-audience update --api 1.1 --name vip --remove install-9 --wait",
    `batch-audience update --api 2 --name fans --ids-json '[{"action":"add","id":"u3"}]'`,
  ]);
  const update = async (options: WriteOptions) => {
    const items = updateItems(options);
    const { api } = connectWith(options, io, { type10: options.type });
    const { indexingToken } = await api.update(options.name, items);
    return written(io, options, "update", indexingToken, await waitIfAsked(options, api, indexingToken));
  };
  return command.action((options: WriteOptions) => run(update(options)));
}

function replaceCommand(io: CliIo, run: Run): Command {
  const description = "replace every ID of an audience (1.1 and 2; at most 10,000; use sync --mode replace for files)";
  const command = withWait(withName(new Command("replace").description(description))).option(
    "--id <ids...>",
    "the IDs the audience will hold",
    [] as string[],
  );
  writeFlags(command);
  addConfirmOption(command);
  addConnectionOptions(command);
  example(command, [
    "batch-audience replace --api 2 --name fans --id u1 u2 u3 --wait",
    "batch-audience replace --api 1.1 --name vip --ids-json @ids.json --yes",
  ]);
  const replace = async (options: WriteOptions) => {
    if (options.api === "1.0") throw new UsageError("Custom Audience API 1.0 has no replace; use --api 1.1 or 2");
    const items = replaceItems(options);
    const target = connectWith(options, io);
    await confirmDestructive(io, target, { ...options, action: "replace every ID of", audience: options.name });
    const { indexingToken } = await target.api.replace(options.name, items);
    return written(io, options, "replace", indexingToken, await waitIfAsked(options, target.api, indexingToken));
  };
  return command.action((options: WriteOptions) => run(replace(options)));
}

function deleteCommand(io: CliIo, run: Run): Command {
  const command = withName(new Command("delete").description("delete an audience (2.x: POST /audiences/remove)"));
  addConfirmOption(command);
  addConnectionOptions(command);
  example(command, [
    "batch-audience delete --api 1.1 --name vip",
    "batch-audience delete --api 2 --name fans --yes --json",
  ]);
  const remove = async (options: NameOptions) => {
    const target = connectWith(options, io);
    await confirmDestructive(io, target, { ...options, action: "delete", audience: options.name });
    const { indexingToken } = await target.api.delete(options.name);
    const result = { ok: true, command: "delete", audience: options.name, indexingToken: indexingToken ?? null };
    emit(io, options.json === true, result, () => `deleted ${options.name}`);
    return EXIT_OK;
  };
  return command.action((options: NameOptions) => run(remove(options)));
}

export function writeCommands(io: CliIo, run: Run): Command[] {
  return [updateCommand(io, run), replaceCommand(io, run), deleteCommand(io, run)];
}
