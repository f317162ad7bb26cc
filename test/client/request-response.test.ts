import { describe, expect, it } from "vitest";
import { createAudienceClient, createCustomAudienceClient } from "../../src/index.js";
import { useScriptedServer } from "../support/scripted-server.js";

const server = useScriptedServer(() => ({ status: 202, json: { indexing_token: "t" } }));

describe("requests and responses are the standard Fetch classes", () => {
  it("middleware on raw receives a standard Request whose body reads as the JSON sent", async () => {
    const client = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url });
    const seen: unknown[] = [];
    client.raw.use({
      async onRequest({ request }) {
        seen.push(request instanceof Request, await request.clone().json());
        return undefined;
      },
    });
    await client.raw.POST("/audiences/update", { body: { name: "a", ids: [{ action: "add", id: "x" }] } });
    expect(seen).toEqual([true, { name: "a", ids: [{ action: "add", id: "x" }] }]);
    expect(server.requests.at(-1)!.json).toEqual({ name: "a", ids: [{ action: "add", id: "x" }] });
  });

  it("custom middleware on raw can replace the request with a new Request", async () => {
    const client = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url });
    client.raw.use({
      async onRequest({ request }) {
        const headers = new Headers(request.headers);
        headers.set("x-extra", "yes");
        return new Request(request.url, { method: request.method, headers, body: await request.text() });
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

  it("a 1.x raw call with a body fills the app key into the path and keeps the body", async () => {
    const client = createCustomAudienceClient({ version: "1.1", apiKey: "APPKEY", restKey: "rk", baseUrl: server.url });
    await client.raw.POST("/1.1/{apiKey}/custom-audience/{audienceName}", {
      params: { path: { audienceName: "fans" } },
      body: { type: "install_ids" },
    });
    const seen = server.requests.at(-1)!;
    expect(seen.path).toBe("/1.1/APPKEY/custom-audience/fans");
    expect(seen.json).toEqual({ type: "install_ids" });
  });

  it("answers are standard Responses that read, clone and stream like any other", async () => {
    const client = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: server.url });
    const { response } = await client.raw.POST("/audiences/update", {
      body: { name: "a", ids: [] },
      parseAs: "stream",
    });
    expect(response).toBeInstanceOf(Response);
    const copy = response.clone();
    expect(await new Response(response.body).json()).toEqual({ indexing_token: "t" });
    expect(await copy.text()).toBe('{"indexing_token":"t"}');
    server.enqueue({ status: 204 });
    const empty = await client.raw.POST("/audiences/remove", { body: { name: "a" } });
    expect(empty.response.status).toBe(204);
    expect(empty.response.body).toBeNull();
  });
});
