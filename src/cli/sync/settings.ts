/**
 * `sync`'s options, and everything about them that can be checked before the file is read or
 * anything is sent: numbers in range, mode and API together, the delimiter, the input file.
 */
import { MAX_IDS_PER_CALL } from "../../index.js";
import { UsageError } from "../../shared/usage-error.js";
import type { CommonOptions } from "../common-options.js";
import { checkReadableFile } from "../file-checks.js";
import { SYNC_MODES, type SyncMode } from "./row-ops.js";
import { formatOf, type InputFormat } from "./rows.js";
import { parseShard, type Shard } from "./shard.js";

export interface SyncOptions extends CommonOptions {
  name: string;
  file: string;
  mode: SyncMode;
  format?: string;
  idColumn?: string;
  ignoreColumn: string[];
  delimiter: string;
  /** false with --no-header. */
  header: boolean;
  type?: string;
  dryRun?: boolean;
  resume?: boolean;
  restart?: boolean;
  checkpoint?: string;
  wait?: boolean;
  waitTimeout: string;
  concurrency: string;
  chunkSize: string;
  create: boolean;
  progress: string;
  quiet?: boolean;
  yes?: boolean;
  /** --shard K/N (0-based K). */
  shard?: string;
  /** --concurrency given on the command line (a resume must keep the checkpoint's lane count). */
  concurrencyExplicit?: boolean;
}

export interface SyncSettings {
  stdin: boolean;
  format: InputFormat;
  delimiter: string;
  concurrency: number;
  chunkSize: number;
  waitTimeoutMs: number;
  /** Undefined without --shard. */
  shard: Shard | undefined;
}

function positiveInteger(raw: string, flag: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new UsageError(`${flag} must be an integer from 1 to ${max}, got "${raw}"`);
  return value;
}

const NAMED_DELIMITERS: Record<string, string> = { tab: "\t", "\\t": "\t", comma: ",", semicolon: ";", pipe: "|" };

function delimiterOf(raw: string): string {
  const delimiter = NAMED_DELIMITERS[raw] ?? raw;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")
    throw new UsageError(
      `--delimiter must be one character other than a quote or a line break (or "tab"), got "${raw}"`,
    );
  return delimiter;
}

export function syncSettings(options: SyncOptions): SyncSettings {
  if (!(SYNC_MODES as readonly string[]).includes(options.mode))
    throw new UsageError(`--mode must be add, remove or replace`);
  if (options.mode === "replace" && options.api === "1.0")
    throw new UsageError("Custom Audience API 1.0 has no replace; use --api 1.1 or 2");
  const stdin = options.file === "-";
  if (stdin && options.resume) throw new UsageError("--resume needs a file (stdin cannot be read twice)");
  if (options.resume && options.restart) throw new UsageError("--resume and --restart exclude each other");
  const format = formatOf(options.file, options.format);
  const csvOnly = options.delimiter !== "," || !options.header;
  if (format !== "csv" && csvOnly) throw new UsageError("--delimiter and --no-header apply to CSV input only");
  if (!options.header && options.idColumn !== undefined)
    throw new UsageError("--id-column needs a header row (with --no-header the first column is the ID)");
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (shard !== undefined && options.mode === "replace")
    throw new UsageError(
      "--shard cannot be used with --mode replace: each shard would replace the whole audience with its own part; replace with one process, or add and remove in shards",
    );
  const settings: SyncSettings = {
    stdin,
    format,
    delimiter: delimiterOf(options.delimiter),
    concurrency: positiveInteger(options.concurrency, "--concurrency", 64),
    chunkSize: positiveInteger(options.chunkSize, "--chunk-size", MAX_IDS_PER_CALL),
    waitTimeoutMs: positiveInteger(options.waitTimeout, "--wait-timeout", 86_400) * 1000,
    shard,
  };
  if (!stdin) checkReadableFile("--file", options.file);
  return settings;
}
