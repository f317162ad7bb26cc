/**
 * Turns an input row into the operation sent for it, checked with the same validators as the
 * client (generated from the spec, src/shared/validation/), so a row that would be rejected is
 * reported with its line number and never sent.
 */
import type { IdOperation, ReplaceEntry } from "../../index.js";
import { truncateValue } from "../../shared/redact.js";
import {
  checkMemberId,
  checkReplaceItem,
  checkUpdateItem,
  type ValidationFailure,
} from "../../shared/validation/checks.js";
import { type ApiVersion, apiIdOf } from "../keys.js";
import type { InputRow } from "./rows.js";

export type SyncMode = "add" | "remove" | "replace";
export const SYNC_MODES: readonly SyncMode[] = ["add", "remove", "replace"];

/**
 * What the bulk engine carries per row: the bare ID string when the row is just an ID (most
 * files), else the request item. Line numbers travel separately (see RowLedger), so a million
 * rows in flight cost one string each, not one wrapper object each.
 */
export type SyncOp = string | IdOperation | ReplaceEntry;

export function idOfOp(op: SyncOp): string {
  return typeof op === "string" ? op : op.id;
}

export interface InvalidRow {
  row: number;
  message: string;
}

function invalid(row: number, failure: ValidationFailure): InvalidRow {
  const field = failure.path === "" ? "row" : failure.path;
  return { row, message: `${field}: ${failure.rule} (got ${truncateValue(failure.value)})` };
}

/** The operation for a row, or why it is invalid. */
export function toSyncOp(input: InputRow, mode: SyncMode, api: ApiVersion): SyncOp | InvalidRow {
  if (input.problem !== undefined) return { row: input.row, message: `row ${input.problem}` };
  const apiId = apiIdOf(api);
  // Fast path for the common case, a bare ID: only the spec's member ID rule applies.
  if ("item" in input && input.action === undefined && checkMemberId(apiId, input.id, "") === undefined) {
    return input.id as string;
  }
  const { row, id } = input;
  const hasExtras = input.attributes !== undefined || input.tags !== undefined;
  if (mode === "replace") {
    if (input.action !== undefined)
      return { row, message: "action: not allowed with --mode replace (every row is kept)" };
    const entry: ReplaceEntry = { id: id as string };
    if (input.attributes !== undefined) entry.attributes = input.attributes as ReplaceEntry["attributes"];
    if (input.tags !== undefined) entry.tags = input.tags as string[];
    const failure = checkReplaceItem(apiId, entry, "");
    if (failure) return invalid(row, failure);
    return hasExtras ? entry : entry.id;
  }
  const action = input.action ?? mode;
  const op = { action, id } as IdOperation;
  if (input.attributes !== undefined) op.attributes = input.attributes as IdOperation["attributes"];
  if (input.tags !== undefined) op.tags = input.tags as string[];
  const failure = checkUpdateItem(apiId, op, "");
  if (failure) return invalid(row, failure);
  return hasExtras || action !== mode ? op : op.id;
}

export function isInvalid(value: SyncOp | InvalidRow): value is InvalidRow {
  return typeof value !== "string" && (value as InvalidRow).message !== undefined;
}

export function updateItemOf(op: SyncOp, mode: "add" | "remove"): IdOperation {
  return typeof op === "string" ? { action: mode, id: op } : (op as IdOperation);
}

export function replaceEntryOf(op: SyncOp): ReplaceEntry {
  return typeof op === "string" ? { id: op } : (op as ReplaceEntry);
}

/** After the replace call, the remaining replace entries are sent as adds. */
export function addItemOf(op: SyncOp): IdOperation {
  return typeof op === "string" ? { action: "add", id: op } : { action: "add", ...(op as ReplaceEntry) };
}
