import { describe, expect, it } from "vitest";
import { bufferedResponse } from "../../src/client/http/buffered-response.js";
import { isLightRequest, LightRequest } from "../../src/client/http/light-request.js";
import { createAudienceClient } from "../../src/index.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer(() => ({ status: 202, json: { indexing_token: "t" } }));

describe("LightRequest", () => {
  it("keeps url, method, headers, body and signal, and reads like a Request", async () => {
    const signal = new AbortController().signal;
    const r = new LightRequest("http://h/x", { method: "post", headers: { a: "1" }, body: '{"k":1}', signal });
    expect([r.url, r.method, r.headers.get("a"), r.body, r.signal]).toEqual([
      "http://h/x",
      "POST",
      "1",
      '{"k":1}',
      signal,
    ]);
    expect(await r.clone().json()).toEqual({ k: 1 });
    expect(new TextDecoder().decode(await r.arrayBuffer())).toBe('{"k":1}');
    expect(r.bodyUsed).toBe(true);
  });
  it("instanceof accepts real Requests (so middleware may return either), isLightRequest does not", () => {
    const real = new Request("http://h/");
    expect(real instanceof LightRequest).toBe(true);
    expect(isLightRequest(real)).toBe(false);
    expect({} instanceof LightRequest).toBe(false);
  });
  it("custom middleware on raw can replace the request with a real Request", async () => {
    const client = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url });
    client.raw.use({
      onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("x-extra", "yes");
        return new Request(request.url, {
          method: request.method,
          headers,
          body: (request as unknown as LightRequest).body as string,
        });
      },
    });
    const { data } = await client.raw.POST("/audiences/update", {
      body: { name: "a", ids: [{ action: "add", id: "x" }] },
    });
    expect(data?.indexing_token).toBe("t");
    const seen = server.requests.at(-1)!;
    expect(seen.headers["x-extra"]).toBe("yes");
    expect(seen.json).toEqual({ name: "a", ids: [{ action: "add", id: "x" }] });
  });
});

describe("bufferedResponse", () => {
  const source = () =>
    new Response(null, { status: 200, statusText: "OK", headers: { "content-type": "application/json" } });
  const bytes = () => new TextEncoder().encode('{"a":1}').buffer as ArrayBuffer;
  it("answers body reads from the buffer, once", async () => {
    const r = bufferedResponse(source(), bytes());
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    const copy = r.clone();
    expect(await r.json()).toEqual({ a: 1 });
    expect(r.bodyUsed).toBe(true);
    await expect(r.text()).rejects.toThrow(TypeError);
    expect(await copy.text()).toBe('{"a":1}');
  });
  it("streams the body when asked, and has no body when empty", async () => {
    const stream = bufferedResponse(source(), bytes()).body!;
    expect(await new Response(stream).text()).toBe('{"a":1}');
    expect(bufferedResponse(source(), new ArrayBuffer(0)).body).toBeNull();
    expect(await bufferedResponse(new Response(null, { status: 204 }), new ArrayBuffer(0)).text()).toBe("");
  });
});
