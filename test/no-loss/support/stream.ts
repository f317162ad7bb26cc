/**
 * The deterministic input of the no-data-loss runs (test and bench): a stream of add/remove
 * operations where one input position always yields the same operation, so the intended final
 * audience can be computed by replaying the same stream into a Map.
 *
 * Pattern per position i (period 10), chosen so operations on one ID land in different chunks:
 *   i%10 = 0  add u<i> with attributes              (later: re-attributed, removed, re-added)
 *   i%10 = 1  bare ID string u<i> (default action add, no attributes)
 *   i%10 = 2..4  add u<i> with attributes (kept)
 *   i%10 = 5  add u<i>                              (removed 4 positions later)
 *   i%10 = 6  remove u<i-5006>  (added then removed, ~5,000 positions later: another chunk)
 *   i%10 = 7  add u<i-17007> again with new attributes (removed then re-added, ~12,000 later)
 *   i%10 = 8  add u<i-8> with new attributes        (same ID twice, usually in one chunk)
 *   i%10 = 9  remove u<i-4>                         (added then removed, usually in one chunk)
 * Early positions whose target does not exist yet fall back to a fresh ID (removing a "ghost"
 * that never existed, which Batch treats as a no-op).
 */
import type { IdOperation, ReplaceEntry } from "../../../src/index.js";

/** Which API shape the operations take: 1.0 has no attributes, 1.1 adds tags, 2.x attributes only. */
export type Variant = "1.0" | "1.1" | "2";

export type StreamItem = string | IdOperation;

/** What the emulator keeps per member (its MemberData), as the test expects it. */
export interface ExpectedData {
  attributes?: Record<string, string | number | string[]>;
  tags?: string[];
}

const TIERS = ["gold", "silver", "bronze"] as const;

function addOp(id: string, i: number, tier: string, variant: Variant): IdOperation {
  if (variant === "1.0") return { action: "add", id };
  const op: IdOperation = { action: "add", id, attributes: { tier, n: i } };
  if (variant === "1.1") op.tags = [`t${i % 4}`];
  return op;
}

export function opAt(i: number, variant: Variant): StreamItem {
  switch (i % 10) {
    case 1:
      return `u${i}`;
    case 6:
      return i >= 5006 ? { action: "remove", id: `u${i - 5006}` } : { action: "remove", id: `ghost${i}` };
    case 7:
      return addOp(i >= 17007 ? `u${i - 17007}` : `u${i}`, i, "again", variant);
    case 8:
      return addOp(`u${i - 8}`, i, "updated", variant);
    case 9:
      return { action: "remove", id: `u${i - 4}` };
    default:
      return addOp(`u${i}`, i, TIERS[i % 3]!, variant);
  }
}

/** Positions `from` (inclusive) to `to` (exclusive) of the stream. */
export function* stream(variant: Variant, to: number, from = 0): Generator<StreamItem> {
  for (let i = from; i < to; i++) yield opAt(i, variant);
}

/** The same stream, as an async iterable that yields to the event loop now and then. */
export async function* asyncStream(variant: Variant, to: number): AsyncGenerator<StreamItem> {
  for (let i = 0; i < to; i++) {
    if (i % 5_000 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield opAt(i, variant);
  }
}

function dataOf(item: { attributes?: IdOperation["attributes"]; tags?: string[] }): ExpectedData {
  const data: ExpectedData = {};
  if (item.attributes !== undefined) data.attributes = item.attributes;
  if (item.tags !== undefined) data.tags = item.tags;
  return data;
}

/** Applies operations in input order, last one wins: what the audience must hold afterwards. */
export function applyUpdates(
  target: Map<string, ExpectedData>,
  items: Iterable<StreamItem>,
): Map<string, ExpectedData> {
  for (const item of items) {
    if (typeof item === "string") target.set(item, {});
    else if (item.action === "add") target.set(item.id, dataOf(item));
    else target.delete(item.id);
  }
  return target;
}

export function intendedAfterUpdates(
  variant: Variant,
  count: number,
  initial?: Map<string, ExpectedData>,
): Map<string, ExpectedData> {
  return applyUpdates(new Map(initial), stream(variant, count));
}

/**
 * Replace input of `count` entries: r<i> with attributes, and every 10th entry repeats an ID from
 * 12,000 positions earlier with new attributes, so an ID of the replace call (first 10,000 distinct
 * IDs) comes back among the later adds and its last entry must win.
 */
export function replaceEntryAt(i: number, variant: Exclude<Variant, "1.0">): string | ReplaceEntry {
  if (i % 10 === 3) return `r${i}`;
  const repeat = i % 10 === 7 && i >= 12_000;
  const entry: ReplaceEntry = {
    id: repeat ? `r${i - 12_000}` : `r${i}`,
    attributes: { tier: repeat ? "again" : "first", n: i },
  };
  if (variant === "1.1") entry.tags = [`t${i % 4}`];
  return entry;
}

export function* replaceStream(variant: Exclude<Variant, "1.0">, count: number): Generator<string | ReplaceEntry> {
  for (let i = 0; i < count; i++) yield replaceEntryAt(i, variant);
}

export function intendedAfterReplace(variant: Exclude<Variant, "1.0">, count: number): Map<string, ExpectedData> {
  const target = new Map<string, ExpectedData>();
  for (const entry of replaceStream(variant, count)) {
    if (typeof entry === "string") target.set(entry, {});
    else target.set(entry.id, dataOf(entry));
  }
  return target;
}
