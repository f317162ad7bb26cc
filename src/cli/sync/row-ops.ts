/**
 * Turns an input row into the operation sent for it, checked with the client's own validation
 * rules, so a row that would be rejected is reported with its line number and never sent.
 */
import {
  type ApiVariant,
  BatchValidationError,
  checkReplaceItem,
  checkUpdateItem,
  type IdOperation,
  type ReplaceEntry,
} from "../../index.js";
import type { ApiVersion } from "../keys.js";
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

const variantOf = (api: ApiVersion): ApiVariant => api;

function describe(error: BatchValidationError): string {
  const field = error.field.replace(/^row\.?/, "");
  return `${field === "" ? "row" : field}: ${error.rule} (got ${error.value})`;
}

/** The operation for a row, or why it is invalid. */
export function toSyncOp(input: InputRow, mode: SyncMode, api: ApiVersion): SyncOp | InvalidRow {
  if (input.problem !== undefined) return { row: input.row, message: `row ${input.problem}` };
  // Fast path for the common case, a bare ID.
  if ("item" in input && input.action === undefined && typeof input.id === "string" && input.id !== "") return input.id;
  const variant = variantOf(api);
  const { row, id } = input;
  const hasExtras = input.attributes !== undefined || input.tags !== undefined;
  try {
    if (mode === "replace") {
      if (input.action !== undefined)
        return { row, message: "action: not allowed with --mode replace (every row is kept)" };
      const entry: ReplaceEntry = { id: id as string };
      if (input.attributes !== undefined) entry.attributes = input.attributes as ReplaceEntry["attributes"];
      if (input.tags !== undefined) entry.tags = input.tags as string[];
      checkReplaceItem(entry, variant, "row");
      return hasExtras ? entry : entry.id;
    }
    const action = input.action ?? mode;
    const op = { action, id } as IdOperation;
    if (input.attributes !== undefined) op.attributes = input.attributes as IdOperation["attributes"];
    if (input.tags !== undefined) op.tags = input.tags as string[];
    checkUpdateItem(op, variant, "row");
    return hasExtras || action !== mode ? op : op.id;
  } catch (error) {
    if (error instanceof BatchValidationError) return { row, message: describe(error) };
    throw error;
  }
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
