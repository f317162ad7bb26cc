/** JSON pointers (RFC 6901) as the ledger and the conformance suite write them: `/a/b~1c`. */

export function escapeSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapeSegment(segment: string): string {
  return segment.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join("");
}

export function fromPointer(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
}

/** `#/components/schemas/X` (a local $ref) → `/components/schemas/X`. */
export function refPointer(ref: string): string | undefined {
  return ref.startsWith("#/") ? ref.slice(1) : ref === "#" ? "" : undefined;
}

/** The id of a point: the API, the node's pointer, and the keyword of an `x-batch-inferred` entry. */
export function pointId(api: string, pointer: string, keyword?: string): string {
  return `${api}#${pointer}${keyword === undefined ? "" : `:${keyword}`}`;
}
