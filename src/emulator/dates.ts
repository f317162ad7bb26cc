/** Dates as each API prints them, always in UTC. */

/** 1.x: `YYYY-MM-DDTHH:MM:SS`, no fraction and no zone (LocalDateTime in the 1.x specs). */
export function localDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** 2.x: RFC 3339 in UTC, whole seconds, `Z`. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
