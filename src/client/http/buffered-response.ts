/**
 * A Response whose body is already in memory. The transport reads every body inside the attempt
 * (so the timeout covers it and a reset mid-body is retried); handing the bytes back through
 * `new Response(bytes)` would cost a body stream per request (~10 µs, measurable against a
 * ~200 µs loopback round trip), so the body methods answer from the buffer instead.
 */
const decoder = new TextDecoder();
const BODYLESS_STATUSES = new Set([101, 103, 204, 205, 304]);

class BufferedResponse extends Response {
  #bytes: ArrayBuffer;
  #used = false;
  #contentType: string;

  constructor(bytes: ArrayBuffer, init: ResponseInit & { headers: Headers }) {
    super(null, init);
    this.#bytes = bytes;
    this.#contentType = init.headers.get("content-type") ?? "";
  }

  #take(): ArrayBuffer {
    if (this.#used) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    return this.#bytes;
  }

  override get bodyUsed(): boolean {
    return this.#used;
  }

  override get body(): Response["body"] {
    return this.#used ? null : new Response(this.#take()).body;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take();
  }

  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(decoder.decode(this.#take())) as unknown;
  }

  override async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.#contentType });
  }

  override clone(): Response {
    if (this.#used) throw new TypeError("Response.clone: Body has already been consumed.");
    return new BufferedResponse(this.#bytes.slice(0), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

export function bufferedResponse(source: Response, bytes: ArrayBuffer): Response {
  const init = { status: source.status, statusText: source.statusText, headers: source.headers };
  if (BODYLESS_STATUSES.has(source.status) || bytes.byteLength === 0) return new Response(null, init);
  return new BufferedResponse(bytes, init);
}
