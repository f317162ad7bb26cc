/**
 * The Request class handed to openapi-fetch (its `Request` option). openapi-fetch builds one Request
 * per call only to pass it through middleware to `fetch`; undici's Request constructor (own
 * AbortController, finalization registry, body stream) costs about as much as a third of a loopback
 * round trip, and `fetch` builds another one anyway. This class keeps the fields middleware uses
 * (url, method, headers, signal, body) and the read methods, and keeps the body as the serialised
 * value, so the transport can re-send it on every retry without copying it.
 *
 * Differences from the Fetch Request, visible only to custom middleware on `raw`: `body` is the
 * serialised body (usually a JSON string), not a stream. Middleware may return either this class or
 * a real Request; `instanceof` accepts both.
 */
const encoder = new TextEncoder();

type LightInit = RequestInit & { duplex?: string };

export class LightRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: BodyInit | null;
  readonly signal: AbortSignal | undefined;
  readonly redirect: RequestRedirect;
  private used = false;

  constructor(input: string | URL | LightRequest | Request, init?: LightInit) {
    const from = isLightRequest(input) ? input : undefined;
    const real = !from && typeof input === "object" && !(input instanceof URL) ? (input as Request) : undefined;
    this.url = from ? from.url : real ? real.url : String(input);
    this.method = (init?.method ?? from?.method ?? real?.method ?? "GET").toUpperCase();
    this.headers =
      init?.headers instanceof Headers
        ? init.headers
        : new Headers((init?.headers as HeadersInit | undefined) ?? from?.headers ?? real?.headers);
    if (real && init?.body === undefined && real.body !== null) {
      throw new TypeError("LightRequest: copy a real Request with a body through its arrayBuffer()");
    }
    this.body = init?.body !== undefined ? init.body : (from?.body ?? null);
    this.signal = init?.signal ?? from?.signal ?? real?.signal ?? undefined;
    this.redirect = init?.redirect ?? from?.redirect ?? real?.redirect ?? "follow";
  }

  /** Real Requests pass `instanceof LightRequest` too, so openapi-fetch accepts them from middleware. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isLightRequest(value) || value instanceof Request;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** The body as bytes (the transport sends strings as they are; this is for middleware). */
  async arrayBuffer(): Promise<ArrayBuffer> {
    this.used = true;
    const body = this.body;
    if (body === null) return new ArrayBuffer(0);
    if (typeof body === "string") return encoder.encode(body).buffer as ArrayBuffer;
    return new Response(body).arrayBuffer();
  }

  async text(): Promise<string> {
    this.used = true;
    const body = this.body;
    if (body === null) return "";
    if (typeof body === "string") return body;
    return new Response(body).text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  clone(): LightRequest {
    return new LightRequest(this, { headers: new Headers(this.headers) });
  }
}

/** True for LightRequest instances only (unlike `instanceof`, which also accepts real Requests). */
export function isLightRequest(value: unknown): value is LightRequest {
  return (
    typeof value === "object" && value !== null && Object.prototype.isPrototypeOf.call(LightRequest.prototype, value)
  );
}
