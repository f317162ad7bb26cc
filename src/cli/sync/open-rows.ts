/** Opens `sync`'s input and reads the first batch at once, so header problems are usage errors before anything is sent. */
import type { CliIo } from "../io.js";
import { type InputRow, openInput, type RowBatches, type RowSource, readRows } from "./rows.js";
import type { SyncOptions, SyncSettings } from "./settings.js";

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
  return { rows: await primed(source.batches), bytesRead: source.bytesRead };
}
