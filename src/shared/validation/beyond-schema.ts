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

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
}

/** The number written by `length` ASCII digits at `at`, or -1 (read by char codes: no allocation). */
function digits(value: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Whether a `YYYY-MM-DDTHH:MM:SS[.frac][Z|±HH:MM]` value names a real instant. Values of another
 * shape are the schema's business (its pattern refuses them), so they pass here.
 */
export function isRealDateTime(value: string): boolean {
  if (value.length < 19 || value[4] !== "-" || value[7] !== "-" || value[13] !== ":" || value[16] !== ":") return true;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return true;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (hour > 23 || minute > 59 || second > 60) return false;
  const sign = value[value.length - 6];
  if ((sign === "+" || sign === "-") && value[value.length - 3] === ":" && value.length >= 25) {
    const offsetHours = digits(value, value.length - 5, 2);
    const offsetMinutes = digits(value, value.length - 2, 2);
    if (offsetHours > 23 || offsetMinutes > 59) return false;
  }
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
