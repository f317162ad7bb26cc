/** Opens `sync`'s input and reads the first batch at once, so header problems are usage errors before anything is sent. */
import type { CliIo } from "../io.js";
import { type InputRow, openInput, type RowBatches, type RowSource, readRows } from "./rows.js";
import type { SyncOptions, SyncSettings } from "./settings.js";
import { onlyShard } from "./shard.js";

async function primed(batches: RowBatches): Promise<RowBatches> {
  let first: InputRow[] | undefined = await batches.next();
  let replayed = false;
  return {
    next() {
      if (!replayed) {
        replayed = true;
        const batch = first;
        first = undefined;
        return Promise.resolve(batch);
      }
      return batches.next();
    },
  };
}

export interface OpenedRows {
  rows: RowBatches;
  bytesRead: RowSource["bytesRead"];
  /** Rows read that belong to other shards (0 without --shard). */
  otherShards(): number;
}

export async function openSyncRows(options: SyncOptions, settings: SyncSettings, io: CliIo): Promise<OpenedRows> {
  const source = readRows(openInput(options.file, io.stdin), {
    file: options.file,
    format: settings.format,
    delimiter: settings.delimiter,
    header: options.header,
    idColumn: options.idColumn,
    ignore: options.ignoreColumn,
    api: options.api,
    idsOnly: options.mode === "remove",
  });
  const sharded = onlyShard(await primed(source.batches), settings.shard);
  return { rows: sharded.rows, bytesRead: source.bytesRead, otherShards: sharded.otherShards };
}
