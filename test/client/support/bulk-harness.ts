/** A scripted server answering as an in-memory Batch, and clients on it, for the bulk tests. */
import { createAudienceClient } from "../../../src/index.js";
import { type FakeBatch, fakeAudienceApi } from "../../support/fake-batch.js";
import { useScriptedServer } from "../../support/scripted-server.js";

export const opts = { baseDelayMs: 1, maxDelayMs: 2, rateLimitFloorMs: 0 };
export const ids = (n: number, prefix = "id") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
export const idsOf = (body: unknown) => ((body as { ids: Array<{ id: string }> }).ids ?? []).map((o) => o.id);

/** Registers the server's hooks in the calling test file. */
export function useBulkHarness() {
  const server = useScriptedServer();
  const harness = {
    server,
    fake: undefined as unknown as FakeBatch,
    /** A 2.x client on a fresh fake holding the audience "aud"; the requests log starts empty. */
    async twoX(fakeOptions: Parameters<typeof fakeAudienceApi>[2] = {}) {
      harness.fake = fakeAudienceApi("rk", "pk", fakeOptions);
      server.setHandler(harness.fake.handler);
      const c = createAudienceClient({ restKey: "rk", projectKey: "pk", baseUrl: `${server.url}/2.11`, ...opts });
      await c.create("aud");
      server.requests.length = 0;
      return c;
    },
  };
  return harness;
}
