/**
 * Turns a CaseRequest into an HTTP request for a target (URL, credentials, Prefer), sends it with
 * plain fetch and records what came back. Also renders the request as a redacted curl line.
 */
import type { CaseRequest } from "../cases/types.js";
import type { RecordedExchange } from "../report/har.js";
import type { Target } from "../targets/types.js";
import { isSecretHeader, REDACTED, redact } from "./redact.js";
import type { ApiId } from "./spec.js";

export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Observed {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  durationMs: number;
}

const WRONG_KEY = "wrong-key-0000000000000000";

export function isV2(api: ApiId): boolean {
  return api === "audience-2";
}

export function prepare(api: ApiId, request: CaseRequest, target: Target, prefer?: string): PreparedRequest {
  const { credentials } = target;
  const auth = request.auth ?? "valid";
  const pathParams: Record<string, string> = { apiKey: credentials.apiKey, ...request.pathParams };
  const path = request.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams[name] ?? ""));
  const url = new URL(target.baseUrls[api].replace(/\/$/, "") + path);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));

  const headers: Record<string, string> = { accept: "application/json" };
  if (isV2(api)) headers["x-batch-project"] = credentials.projectKey;
  if (auth !== "missing") {
    const key = auth === "wrong" ? WRONG_KEY : credentials.restKey;
    if (isV2(api)) headers.authorization = `Bearer ${key}`;
    else headers["x-authorization"] = key;
  }
  let body: string | undefined;
  if (request.rawBody !== undefined) body = request.rawBody;
  else if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined && request.contentType !== null)
    headers["content-type"] = request.contentType ?? "application/json";
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  for (const name of request.omitHeaders ?? []) delete headers[name.toLowerCase()];
  if (prefer) headers.prefer = prefer;
  return {
    method: request.method.toUpperCase(),
    url: url.toString(),
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

export interface SendOptions {
  timeoutMs?: number;
  /** Records the exchange (redacted) when the run is recorded with --record. */
  recorder?: { record(exchange: RecordedExchange): void } | undefined;
  /** The case or step, for the recording. */
  title?: string;
}

export async function send(prepared: PreparedRequest, options: SendOptions = {}): Promise<Observed> {
  const started = performance.now();
  const startedAt = new Date();
  try {
    const response = await fetch(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body !== undefined ? { body: prepared.body } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    const durationMs = performance.now() - started;
    let json: unknown;
    if (text.length > 0) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const observed = { status: response.status, headers: response.headers, text, json, durationMs };
    options.recorder?.record({ title: options.title ?? "", prepared, startedAt, ms: durationMs, observed });
    return observed;
  } catch (error) {
    const ms = performance.now() - started;
    const reason = error instanceof Error ? error.message : String(error);
    options.recorder?.record({ title: options.title ?? "", prepared, startedAt, ms, error: reason });
    throw error;
  }
}

const CURL_BODY_LIMIT = 600;

/** The request as a shell-ready curl line, credentials replaced by a marker, long bodies cut. */
export function toCurl(prepared: PreparedRequest, secrets: readonly string[]): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const parts = ["curl", "-i", "-X", prepared.method, quote(redact(prepared.url, secrets))];
  for (const [name, value] of Object.entries(prepared.headers)) {
    const shown = isSecretHeader(name) ? (name === "authorization" ? `Bearer ${REDACTED}` : REDACTED) : value;
    parts.push("-H", quote(`${name}: ${redact(shown, secrets)}`));
  }
  if (prepared.body !== undefined) {
    const body = redact(prepared.body, secrets);
    parts.push(
      "--data-raw",
      quote(body.length > CURL_BODY_LIMIT ? `${body.slice(0, CURL_BODY_LIMIT)}… (${body.length} bytes in all)` : body),
    );
  }
  return parts.join(" ");
}
