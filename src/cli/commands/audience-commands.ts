/**
 * create, view, list, update, replace and delete for every API (--api 1.0 | 1.1 | 2), with an
 * option for every documented request field.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { IdOperation, ReplaceEntry } from "../../client/validation.js";
import { addConnectionOptions, type CommonOptions, connectWith } from "../common-options.js";
import { type CliIo, emit } from "../io.js";
import { cellValue } from "../sync/columns.js";
import { EXIT_OK, UsageError } from "../usage-error.js";

type Run = (code: Promise<number>) => Promise<void>;

interface NameOptions extends CommonOptions {
  name: string;
  wait?: boolean;
  waitTimeout: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function withName(command: Command): Command {
  return command.requiredOption("--name <audience>", "audience name (A-Z a-z 0-9 _ -, at most 255)");
}

function withWait(command: Command): Command {
  return command
    .option("--wait", "wait until Batch has indexed the write")
    .option("--wait-timeout <seconds>", "give up waiting after this long", "120");
}

function example(command: Command, lines: string[]): Command {
  return command.addHelpText("after", `\nExamples:\n${lines.map((l) => `  $ ${l}`).join("\n")}\n`);
}

async function waitIfAsked(
  options: NameOptions,
  api: ReturnType<typeof connectWith>["api"],
  token: string | undefined,
): Promise<string | undefined> {
  if (!options.wait || token === undefined) return undefined;
  const seconds = Number(options.waitTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--wait-timeout must be a positive number of seconds`);
  const outcome = await api.waitForIndexing(options.name, token, { deadlineMs: seconds * 1000 });
  return String(outcome.state);
}

/** `name=value`, `name:number=3`, `name:array=a|b`: the same typing as CSV headers. */
export function parseAttributes(flags: readonly string[]): Record<string, unknown> | undefined {
  if (flags.length === 0) return undefined;
  const attributes: Record<string, unknown> = {};
  for (const flag of flags) {
    const at = flag.indexOf("=");
    if (at <= 0) throw new UsageError(`--attribute expects name=value, got "${flag}"`);
    const key = flag.slice(0, at);
    const typed = /^(.*):(number|array|string)$/.exec(key);
    const value = cellValue(flag.slice(at + 1), typed ? (typed[2] as "number" | "array" | "string") : "string");
    if (value === undefined) throw new UsageError(`--attribute ${flag}: not a number`);
    attributes[typed ? typed[1]! : key] = value;
  }
  return attributes;
}

function readIdsJson(raw: string | undefined): unknown[] | undefined {
  if (raw === undefined) return undefined;
  let text = raw;
  if (raw.startsWith("@")) {
    try {
      text = readFileSync(raw.slice(1), "utf8");
    } catch {
      throw new UsageError(`--ids-json ${raw}: cannot read the file`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError("--ids-json is not valid JSON");
  }
  if (!Array.isArray(value)) throw new UsageError("--ids-json must be a JSON array");
  return value;
}

function renderRecord(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join("\n");
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
  return command.action((options: NameOptions & { type?: string; description?: string; displayName?: string }) =>
    run(
      (async () => {
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
        emit(
          io,
          options.json === true,
          result,
          () =>
            `created ${options.name}${indexingToken ? ` (indexing token ${indexingToken}${indexing ? `, ${indexing}` : ""})` : ""}`,
        );
        return EXIT_OK;
      })(),
    ),
  );
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
  return command.action((options: NameOptions & { indexingToken?: string }) =>
    run(
      (async () => {
        const { api } = connectWith(options, io);
        const audience = await api.get(options.name, options.indexingToken);
        emit(io, options.json === true, audience, () => renderRecord(audience));
        return EXIT_OK;
      })(),
    ),
  );
}

function listCommand(io: CliIo, run: Run): Command {
  const command = new Command("list")
    .description("list audiences, newest first (every page, or the first --limit)")
    .option("--limit <n>", "stop after this many audiences")
    .option("--page-size <n>", "audiences per request (1-100)", "100");
  addConnectionOptions(command);
  example(command, ["batch-audience list --api 2", "batch-audience list --api 1.1 --limit 20 --json"]);
  return command.action((options: CommonOptions & { limit?: string; pageSize: string }) =>
    run(
      (async () => {
        const limit = options.limit === undefined ? undefined : Number(options.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 0))
          throw new UsageError(`--limit must be an integer >= 0`);
        const pageSize = Number(options.pageSize);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
          throw new UsageError("--page-size must be an integer from 1 to 100");
        const { api } = connectWith(options, io);
        const audiences: Array<Record<string, unknown>> = [];
        for await (const audience of api.list(limit, pageSize)) audiences.push(audience);
        emit(io, options.json === true, audiences, () =>
          audiences.length === 0
            ? "no audiences"
            : audiences
                .map((a) => `${String(a.name)}\t${String(a.nb_ids ?? "")} IDs\tupdated ${String(a.updated ?? "")}`)
                .join("\n"),
        );
        return EXIT_OK;
      })(),
    ),
  );
}

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

function updateItems(options: WriteOptions): IdOperation[] {
  const fromJson = readIdsJson(options.idsJson) as IdOperation[] | undefined;
  const attributes = parseAttributes(options.attribute);
  const tags = options.tag.length > 0 ? options.tag : undefined;
  const items: IdOperation[] = [
    ...options.add.map(
      (id) =>
        ({
          action: "add" as const,
          id,
          ...(attributes ? { attributes } : {}),
          ...(tags ? { tags } : {}),
        }) as IdOperation,
    ),
    ...options.remove.map((id) => ({ action: "remove" as const, id })),
    ...(fromJson ?? []),
  ];
  if (items.length === 0) throw new UsageError("nothing to send: give --add, --remove or --ids-json");
  return items;
}

function replaceItems(options: WriteOptions): ReplaceEntry[] {
  const fromJson = readIdsJson(options.idsJson) as ReplaceEntry[] | undefined;
  const attributes = parseAttributes(options.attribute);
  const tags = options.tag.length > 0 ? options.tag : undefined;
  const items: ReplaceEntry[] = [
    ...options.id.map(
      (id) => ({ id, ...(attributes ? { attributes } : {}), ...(tags ? { tags } : {}) }) as ReplaceEntry,
    ),
    ...(fromJson ?? []),
  ];
  if (items.length === 0) throw new UsageError("nothing to send: give --id or --ids-json");
  return items;
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
  return command.action((options: WriteOptions) =>
    run(
      (async () => {
        const { api } = connectWith(options, io, { type10: options.type });
        const { indexingToken } = await api.update(options.name, updateItems(options));
        const indexing = await waitIfAsked(options, api, indexingToken);
        const result = {
          ok: true,
          command: "update",
          audience: options.name,
          indexingToken,
          indexingState: indexing ?? null,
        };
        emit(
          io,
          options.json === true,
          result,
          () => `updated ${options.name} (indexing token ${indexingToken}${indexing ? `, ${indexing}` : ""})`,
        );
        return EXIT_OK;
      })(),
    ),
  );
}

function replaceCommand(io: CliIo, run: Run): Command {
  const command = withWait(
    withName(
      new Command("replace").description(
        "replace every ID of an audience (1.1 and 2; at most 10,000; use sync --mode replace for files)",
      ),
    ),
  ).option("--id <ids...>", "the IDs the audience will hold", [] as string[]);
  writeFlags(command);
  addConnectionOptions(command);
  example(command, [
    "batch-audience replace --api 2 --name fans --id u1 u2 u3 --wait",
    "batch-audience replace --api 1.1 --name vip --ids-json @ids.json",
  ]);
  return command.action((options: WriteOptions) =>
    run(
      (async () => {
        if (options.api === "1.0") throw new UsageError("Custom Audience API 1.0 has no replace; use --api 1.1 or 2");
        const { api } = connectWith(options, io);
        const { indexingToken } = await api.replace(options.name, replaceItems(options));
        const indexing = await waitIfAsked(options, api, indexingToken);
        const result = {
          ok: true,
          command: "replace",
          audience: options.name,
          indexingToken,
          indexingState: indexing ?? null,
        };
        emit(
          io,
          options.json === true,
          result,
          () => `replaced ${options.name} (indexing token ${indexingToken}${indexing ? `, ${indexing}` : ""})`,
        );
        return EXIT_OK;
      })(),
    ),
  );
}

function deleteCommand(io: CliIo, run: Run): Command {
  const command = withName(new Command("delete").description("delete an audience (2.x: POST /audiences/remove)"));
  addConnectionOptions(command);
  example(command, ["batch-audience delete --api 1.1 --name vip", "batch-audience delete --api 2 --name fans --json"]);
  return command.action((options: NameOptions) =>
    run(
      (async () => {
        const { api } = connectWith(options, io);
        const { indexingToken } = await api.delete(options.name);
        const result = { ok: true, command: "delete", audience: options.name, indexingToken: indexingToken ?? null };
        emit(io, options.json === true, result, () => `deleted ${options.name}`);
        return EXIT_OK;
      })(),
    ),
  );
}

export function audienceCommands(io: CliIo, run: Run): Command[] {
  return [
    createCommand(io, run),
    viewCommand(io, run),
    listCommand(io, run),
    updateCommand(io, run),
    replaceCommand(io, run),
    deleteCommand(io, run),
  ];
}
