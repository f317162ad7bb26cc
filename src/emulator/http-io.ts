/** Reading request bodies with a size cap and writing JSON responses. */
import { isUtf8 } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorRefusal } from "./errors.js";

/** Largest request body read (10,000 IDs with 15 attributes each stay well below it). */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Past the cap, the rest of the body is read and dropped up to this much, then the socket is cut. */
const MAX_DISCARD_BYTES = 256 * 1024 * 1024;

export type BodyRead = { kind: "ok"; bytes: Buffer } | { kind: "too-large" } | { kind: "gone" };

/**
 * Reads the whole body. An oversized body is still read to its end (and dropped), so the client,
 * still sending, can read the 400 that follows instead of hitting a reset connection.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (tooLarge) {
        if (size > MAX_DISCARD_BYTES) req.socket.destroy();
        return;
      }
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(
        tooLarge
          ? { kind: "too-large" }
          : { kind: "ok", bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) },
      ),
    );
    req.on("error", () => resolve({ kind: "gone" }));
    req.on("close", () => {
      if (!req.complete) resolve({ kind: "gone" });
    });
  });
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const media = value.split(";", 1)[0]!.trim().toLowerCase();
  return media === "application/json" || (media.startsWith("application/") && media.endsWith("+json"));
}

/** The JSON body of a write, or MALFORMED_JSON_BODY saying what is wrong with it. */
export function parseJsonBody(read: BodyRead & { kind: "ok" | "too-large" }, contentType: string | undefined): unknown {
  if (read.kind === "too-large") {
    throw new EmulatorRefusal(
      "MALFORMED_JSON_BODY",
      `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`,
    );
  }
  if (!isJsonContentType(contentType))
    throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body must be sent as application/json");
  const bytes = read.bytes;
  if (bytes.length === 0) throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body is empty");
  if (!isUtf8(bytes)) throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body is not valid UTF-8");
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch {
    // Also covers nesting too deep for the parser (RangeError).
    throw new EmulatorRefusal("MALFORMED_JSON_BODY", "The request body is not valid JSON");
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(json)),
    ...headers,
  });
  res.end(json);
}

/** Announces the full length, sends half the body, then cuts the connection. */
export function sendTruncated(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
}
