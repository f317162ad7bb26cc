/**
 * The only rules the client, the emulator and the CLI check that the specs' JSON Schema does not
 * say, each with the rule it stands for. Everything else comes from the generated validators.
 *
 * - Real calendar dates in `date(name)` attributes. The specs give `date()` values the shape of an
 *   RFC 3339 date-time with an optional zone (a `pattern`), and RFC 3339 §5.7 also requires the
 *   date and time to exist: day 1..28/29/30/31 for the month and year, hour ≤ 23, minute ≤ 59,
 *   second ≤ 60 (leap second), offsets ≤ 23:59. A pattern cannot say "day ≤ days in that month"
 *   readably, and `format: date-time` would make the zone mandatory, which the specs do not.
 *   So `2023-02-30T10:00:00` matches the pattern and is refused here.
 */
import type { ValidationFailure } from "./failure.js";

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))?$/i;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

/** Whether a value of the date-time shape names a real instant; other shapes are the schema's business. */
export function isRealDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return true;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, ...number[]];
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year, month!)) return false;
  if (hour! > 23 || minute! > 59 || second! > 60) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

const DATE_ATTRIBUTE = "date(";

/**
 * Checks an item's attributes (already valid under the schema) against the rules above. `base` is
 * the item's path. Returns undefined when they hold; allocates nothing then.
 */
export function checkBeyondSchema(item: unknown, base: string): ValidationFailure | undefined {
  const attributes = (item as { attributes?: unknown } | null)?.attributes;
  if (attributes === undefined || attributes === null || typeof attributes !== "object") return undefined;
  for (const name in attributes) {
    if (!name.startsWith(DATE_ATTRIBUTE)) continue;
    const value = (attributes as Record<string, unknown>)[name];
    if (typeof value === "string" && !isRealDateTime(value)) {
      return {
        path: `${base === "" ? "" : `${base}.`}attributes.${name}`,
        value,
        keyword: "rule",
        limit: "RFC 3339 §5.7",
        rule: "must be a real date and time (RFC 3339: the day exists in that month, hour ≤ 23, minute ≤ 59)",
      };
    }
  }
  return undefined;
}
