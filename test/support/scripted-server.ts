/**
 * A local HTTP server on 127.0.0.1 whose answers a test scripts step by step: statuses, JSON or raw
 * bodies (HTML from a "proxy"), Retry-After, delays before the headers, stalls in the middle of a
 * body, and connection resets. Every request is recorded for assertions.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface ScriptStep {
  status?: number;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** Raw body, sent as is (set `headers` for its content-type). */
  body?: string;
  headers?: Record<string, string>;
  /** Wait before sending anything. */
  delayMs?: number;
  /** Send headers and half the body, then wait this long before the rest. */
  stallBodyMs?: number;
  /** Destroy the connection without answering. */
  reset?: boolean;
  /** Send headers and part of the body, then destroy the connection. */
  resetMidBody?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
  receivedAt: number;
}

export type Handler = (request: RecordedRequest) => ScriptStep | Promise<ScriptStep>;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: RecordedRequest[];
  /** Steps answered in order before the handler is consulted. */
  enqueue(...steps: ScriptStep[]): void;
  setHandler(handler: Handler): void;
  /** Requests being handled right now, and the most seen at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

const notScripted: Handler = (request) => ({
  status: 599,
  json: { error_message: `no scripted answer for ${request.method} ${request.path}` },
});

function send(res: ServerResponse, step: ScriptStep): Promise<void> {
  const status = step.status ?? 200;
  const headers: Record<string, string> = { ...(step.headers ?? {}) };
  let payload = "";
  if (step.json !== undefined) {
    payload = JSON.stringify(step.json);
    headers["content-type"] ??= "application/json";
  } else if (step.body !== undefined) {
    payload = step.body;
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  return new Promise((resolve) => {
    if (step.stallBodyMs !== undefined || step.resetMidBody) {
      res.writeHead(status, headers);
      const half = payload.slice(0, Math.max(1, Math.floor(payload.length / 2)));
      res.write(half);
      if (step.resetMidBody) {
        setTimeout(() => {
          res.socket?.destroy();
          resolve();
        }, 10);
        return;
      }
      setTimeout(() => {
        if (!res.destroyed) res.end(payload.slice(half.length));
        resolve();
      }, step.stallBodyMs);
      return;
    }
    res.writeHead(status, headers);
    res.end(payload, () => resolve());
  });
}

export async function startScriptedServer(handler: Handler = notScripted): Promise<ScriptedServer> {
  const queue: ScriptStep[] = [];
  const requests: RecordedRequest[] = [];
  let current = handler;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          const bodyText = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = bodyText ? JSON.parse(bodyText) : undefined;
          } catch {
            json = undefined;
          }
          const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
          const recorded: RecordedRequest = {
            method: req.method ?? "GET",
            url: req.url ?? "/",
            path: parsed.pathname,
            query: parsed.searchParams,
            headers: req.headers,
            bodyText,
            json,
            receivedAt: Date.now(),
          };
          requests.push(recorded);
          const step = queue.shift() ?? (await current(recorded));
          if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
          if (step.reset) {
            req.socket.destroy();
            return;
          }
          if (res.destroyed) return;
          await send(res, step);
        } finally {
          inFlight--;
        }
      })();
    });
  });
  // 0: the server never closes an idle keep-alive socket itself (clients do). A server-side close
  // racing a client that reuses the socket loses a request, which a starved event loop makes likely.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...steps) => {
      queue.push(...steps);
    },
    setHandler: (h) => {
      current = h;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Starts one scripted server for the calling test file (beforeAll), closes it (afterAll) and forgets
 * the recorded requests before each test, so every file gets the same lifecycle in one line.
 */
export function useScriptedServer(handler?: Handler): ScriptedServer {
  let started: ScriptedServer | undefined;
  const live = (): ScriptedServer => {
    if (!started) throw new Error("the scripted server starts in beforeAll: use it inside a hook or a test");
    return started;
  };
  beforeAll(async () => {
    started = await startScriptedServer(handler);
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    if (started) started.requests.length = 0;
  });
  return {
    get url() {
      return live().url;
    },
    get requests() {
      return live().requests;
    },
    enqueue: (...steps) => live().enqueue(...steps),
    setHandler: (h) => live().setHandler(h),
    get inFlight() {
      return live().inFlight;
    },
    get maxInFlight() {
      return live().maxInFlight;
    },
    close: () => live().close(),
  };
}
