/**
 * `--record FILE`: every exchange of the run as a HAR 1.2 file, for a bug report. Every key is
 * redacted before an entry is kept (credential headers entirely; the app key in 1.x paths and any
 * key anywhere in URLs, headers or bodies), and the whole file once more before it is written.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Observed, PreparedRequest } from "../support/http.js";
import { isSecretHeader, REDACTED, redact } from "../support/redact.js";

/** Bodies longer than this are cut (10,000-ID requests would make the file unwieldy). */
const BODY_LIMIT = 64 * 1024;

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  comment: string;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text: string; comment?: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text: string; comment?: string };
    redirectURL: "";
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface RecordedExchange {
  title: string;
  prepared: PreparedRequest;
  startedAt: Date;
  ms: number;
  observed?: Observed;
  /** Why there is no answer (connection refused, timeout…). */
  error?: string;
}

export class HarRecorder {
  private readonly entries: HarEntry[] = [];

  constructor(private readonly secrets: readonly string[]) {}

  get size(): number {
    return this.entries.length;
  }

  private clean(text: string): string {
    return redact(text, this.secrets);
  }

  private body(text: string): { text: string; comment?: string } {
    const safe = this.clean(text);
    return safe.length <= BODY_LIMIT
      ? { text: safe }
      : { text: safe.slice(0, BODY_LIMIT), comment: `cut at ${BODY_LIMIT} of ${safe.length} characters` };
  }

  record(exchange: RecordedExchange): void {
    const { prepared, observed } = exchange;
    const url = new URL(this.clean(prepared.url));
    const requestHeaders = Object.entries(prepared.headers).map(([name, value]) => ({
      name,
      value: isSecretHeader(name) ? (name === "authorization" ? `Bearer ${REDACTED}` : REDACTED) : this.clean(value),
    }));
    const responseHeaders: HarHeader[] = [];
    observed?.headers.forEach((value, name) => {
      responseHeaders.push({ name, value: isSecretHeader(name) ? REDACTED : this.clean(value) });
    });
    const posted = prepared.body === undefined ? undefined : this.body(prepared.body);
    const content = this.body(observed?.text ?? "");
    this.entries.push({
      startedDateTime: exchange.startedAt.toISOString(),
      time: Math.round(exchange.ms * 10) / 10,
      comment: this.clean(exchange.title),
      request: {
        method: prepared.method,
        url: url.toString(),
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: requestHeaders,
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(posted ? { postData: { mimeType: prepared.headers["content-type"] ?? "", ...posted } } : {}),
        headersSize: -1,
        bodySize: prepared.body === undefined ? 0 : Buffer.byteLength(prepared.body),
      },
      response: {
        status: observed?.status ?? 0,
        statusText: "",
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: responseHeaders,
        content: {
          size: observed ? Buffer.byteLength(observed.text) : 0,
          mimeType: observed?.headers.get("content-type") ?? "",
          ...content,
        },
        redirectURL: "",
        headersSize: -1,
        bodySize: observed ? Buffer.byteLength(observed.text) : -1,
        ...(exchange.error ? { _error: this.clean(exchange.error) } : {}),
      },
      cache: {},
      timings: { send: 0, wait: Math.round(exchange.ms * 10) / 10, receive: 0 },
    });
  }

  /** The HAR document; the JSON is redacted once more as a whole. */
  toJson(creator: { name: string; version: string }): string {
    const entries = [...this.entries].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
    const har = { log: { version: "1.2", creator, pages: [], entries } };
    return this.clean(`${JSON.stringify(har, null, 2)}\n`);
  }

  async write(file: string, creator: { name: string; version: string }): Promise<void> {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, this.toJson(creator));
  }
}
