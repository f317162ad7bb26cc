/**
 * The request pipeline: route → fault decision → body → credentials → rate limit → handler →
 * response (or the fault's way of not answering). Every refusal is a Batch error body; an unexpected
 * exception is a 500 SERVER_ERROR, never a crash.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type Family, familyOf, WRITE_OPERATIONS } from "./api-ids.js";
import type { CallContext, Reply } from "./call-context.js";
import { type ControlTarget, handleControl } from "./control.js";
import { DIVERGE_HEADER, type Divergence, diverge, parseDivergences } from "./divergences.js";
import { EmulatorRefusal, type ErrorKind, errorBody, errorStatus } from "./errors.js";
import { FAULT_HEADER, type FaultInjector, type FaultKind } from "./faults.js";
import { handleV1 } from "./handlers-v1.js";
import { handleV2 } from "./handlers-v2.js";
import { type BodyRead, parseJsonBody, readBody, sendJson, sendTruncated } from "./http-io.js";
import { type IndexingModel, indexingRuleOf } from "./indexing.js";
import { authenticate, type EmulatorKeys } from "./keys.js";
import type { RateLimiter } from "./rate-limit.js";
import { matchRoute, type Route } from "./routes.js";
import type { StatsCounter } from "./stats.js";
import type { AudienceStore } from "./store.js";

export interface EmulatorState {
  readonly store: AudienceStore;
  readonly faults: FaultInjector;
  readonly keys: EmulatorKeys;
  readonly stats: StatsCounter;
  readonly rateLimiter: RateLimiter;
  /** Delays, polls and the hold of indexing (see indexing.ts). */
  readonly indexing: IndexingModel;
  /** The "diverging Batch" profiles in force for every request (a request can add its own). */
  divergences: ReadonlySet<Divergence>;
}

/** Long enough for a 10 MB audience name in a 1.x path, so it gets a Batch 400 rather than a 431. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** 1.x delete takes no body; 2.x remove does. */
function takesBody(family: Family, op: string): boolean {
  return op === "create" || op === "update" || op === "replace" || (family === "v2" && op === "delete");
}

function sendError(
  res: ServerResponse,
  state: EmulatorState,
  family: Family,
  kind: ErrorKind,
  message: string,
  headers: Record<string, string> = {},
): void {
  state.stats.response(errorStatus(kind));
  sendJson(res, errorStatus(kind), errorBody(family, kind, message), headers);
}

function cut(socket: Socket, state: EmulatorState): void {
  state.stats.cut++;
  socket.destroy();
}

function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? "/", "http://emulator.invalid");
  } catch {
    return undefined;
  }
}

/**
 * The answer to an authenticated API call: the rate limit's 429 when the key's bucket is empty,
 * otherwise the handler's reply; a refusal or an unexpected exception becomes a Batch error body.
 */
function answer(
  req: IncomingMessage,
  url: URL,
  read: Exclude<BodyRead, { kind: "gone" }>,
  route: Extract<Route, { kind: "api" }>,
  state: EmulatorState,
): Reply {
  const { api, op } = route;
  const family = familyOf(api);
  try {
    const key = authenticate(state.keys, api, req.headers, route.appKey);
    const refusal = state.rateLimiter.take(api, key);
    if (refusal) {
      const { retryAfterSeconds } = refusal;
      return {
        status: errorStatus("TOO_MANY_REQUESTS"),
        body: errorBody(family, "TOO_MANY_REQUESTS", "Too many requests"),
        headers: retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
      };
    }
    const body = takesBody(family, op) ? parseJsonBody(read, req.headers["content-type"]) : undefined;
    const ctx: CallContext = {
      store: state.store,
      api,
      key,
      pathName: route.pathName,
      query: url.searchParams,
      body,
      indexing: indexingRuleOf(req.headers, state.indexing.defaults()),
      ingested: (ids) => {
        state.stats.idsIngested += ids;
      },
    };
    const reply = family === "v1" ? handleV1(op, ctx) : handleV2(op, ctx);
    if (WRITE_OPERATIONS.has(op)) state.stats.writesApplied++;
    return reply;
  } catch (error) {
    if (!(error instanceof EmulatorRefusal)) {
      console.error("[emulator] unexpected error:", error instanceof Error ? error.message : String(error));
    }
    const apiError = error instanceof EmulatorRefusal ? error : new EmulatorRefusal("SERVER_ERROR", "Server error");
    return { status: apiError.status, body: errorBody(family, apiError.kind, apiError.message) };
  }
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  state: EmulatorState,
  control: ControlTarget,
): Promise<void> {
  const url = requestUrl(req);
  if (!url) {
    await readBody(req);
    sendError(res, state, "v2", "ROUTE_NOT_FOUND", "Route not found");
    return;
  }
  const route = matchRoute(req.method ?? "GET", url.pathname);
  if (route.kind === "control") {
    await handleControl(req, res, url, route.path, control);
    return;
  }
  if (route.kind === "miss") {
    await readBody(req);
    sendError(res, state, route.family, "ROUTE_NOT_FOUND", "Route not found");
    return;
  }
  const { api, op } = route;
  const family = familyOf(api);
  state.stats.requests++;

  let fault: FaultKind | undefined;
  let active: ReadonlySet<Divergence>;
  try {
    const header = req.headers[FAULT_HEADER];
    fault = state.faults.decide(Array.isArray(header) ? header[0] : header, api, op);
    active = activeDivergences(state, req);
  } catch (error) {
    await readBody(req);
    const apiError = error as EmulatorRefusal;
    sendError(res, state, family, apiError.kind, apiError.message);
    return;
  }
  // Every answer from here on is the one a Batch with the active divergences would give.
  const respond = (reply: Reply) => {
    const out = diverge(active, api, op, reply, reply.headers);
    state.stats.response(out.status);
    sendJson(res, out.status, out.body, out.headers);
  };
  if (fault !== undefined) state.faults.count(fault);
  if (fault === "drop") {
    cut(req.socket, state);
    return;
  }
  const read = await readBody(req);
  if (read.kind === "gone") return;
  if (fault === "slow") await sleep(state.faults.slowMs);
  if (res.destroyed) return;
  const refusal = fault === undefined ? undefined : faultReply(fault, family, state);
  if (refusal) return respond(refusal);
  if (fault === "non-json") {
    const page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    state.stats.response(502);
    res.writeHead(502, { "Content-Type": "text/html", "Content-Length": String(Buffer.byteLength(page)) });
    res.end(page);
    return;
  }

  const reply = answer(req, url, read, route, state);
  if (fault === "lost") {
    cut(req.socket, state);
    return;
  }
  if (fault === "truncate") {
    state.stats.cut++;
    const out = diverge(active, api, op, reply);
    sendTruncated(res, out.status, out.body);
    return;
  }
  respond(reply);
}

/** The Batch error each answering fault kind stands for. */
const FAULT_ANSWERS: Partial<Record<FaultKind, [ErrorKind, string]>> = {
  "403": ["API_MISUSE", "API misuse"],
  "404": ["ROUTE_NOT_FOUND", "Route not found"],
  "429": ["TOO_MANY_REQUESTS", "Too many requests"],
  "500": ["SERVER_ERROR", "Server error"],
  "503": ["MAINTENANCE_ERROR", "Service under maintenance, please try again later"],
};

/** The answer of a fault that answers with a Batch error (403, 404, 429, 500, 503). */
function faultReply(fault: FaultKind, family: Family, state: EmulatorState): Reply | undefined {
  const refusal = FAULT_ANSWERS[fault];
  if (!refusal) return undefined;
  const [kind, message] = refusal;
  return {
    status: errorStatus(kind),
    body: errorBody(family, kind, message),
    ...(kind === "TOO_MANY_REQUESTS" ? { headers: { "Retry-After": String(state.faults.retryAfterSeconds) } } : {}),
  };
}

/** The emulator's profiles plus those the request asks for (`X-Emulator-Diverge`). */
function activeDivergences(state: EmulatorState, req: IncomingMessage): ReadonlySet<Divergence> {
  const raw = req.headers[DIVERGE_HEADER];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  if (value === undefined || value.trim() === "") return state.divergences;
  try {
    return new Set([...state.divergences, ...parseDivergences(value)]);
  } catch (error) {
    throw new EmulatorRefusal(
      "MALFORMED_PARAMETER",
      `Malformed parameter: X-Emulator-Diverge: ${(error as Error).message}`,
    );
  }
}

/** Answers a request Node could not parse (for instance an oversized header block) with a Batch 400. */
function onClientError(error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
  if (!socket.writable || error.code === "ECONNRESET") {
    socket.destroy();
    return;
  }
  const start = error.rawPacket?.subarray(0, 24).toString("latin1") ?? "";
  const family: Family = /^[A-Z]+ \/1\.[01]\//.test(start) ? "v1" : "v2";
  const json = JSON.stringify(errorBody(family, "MALFORMED_PARAMETER", "Malformed HTTP request"));
  socket.end(
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n" +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

export function createEmulatorServer(state: EmulatorState, control: ControlTarget): Server {
  // keepAliveTimeout 0: the emulator never closes an idle keep-alive connection itself; clients do
  // (undici after 4 s). A server that closes idle sockets races a client reusing one, and on a
  // starved machine that race loses a request now and then: a connection failure no fault caused.
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, keepAliveTimeout: 0 }, (req, res) => {
    handleApi(req, res, state, control).catch((error: unknown) => {
      console.error("[emulator] request failed:", error instanceof Error ? error.message : String(error));
      if (!res.headersSent) sendJson(res, 500, errorBody("v2", "SERVER_ERROR", "Server error"));
      else res.destroy();
    });
  });
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  server.on("clientError", onClientError);
  return server;
}
