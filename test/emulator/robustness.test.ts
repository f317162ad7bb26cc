/** Hostile input gets a Batch 400 (or a closed connection for non-HTTP bytes), never a crash or a hang. */
import { connect } from "node:net";
import { describe, expect, test } from "vitest";
import { call, useEmulator, v1For, v2For } from "./support.js";

const emulator = useEmulator();
const TEN_MB_NAME = "a".repeat(10 * 1024 * 1024);

function v11Patch(body: BodyInit, contentType?: string) {
  const emu = emulator();
  return call(`${emu.baseUrl}/1.1/${emu.credentials.apiKey}/custom-audience/robust`, {
    method: "PATCH",
    headers: { "X-Authorization": emu.credentials.restKey, ...(contentType ? { "Content-Type": contentType } : {}) },
    body,
  });
}

/** Sends raw bytes on a fresh socket; resolves with whatever came back when the server closes. */
function rawExchange(bytes: string | Buffer, endAfterWrite = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(emulator().port, "127.0.0.1");
    let received = "";
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => resolve(received));
    socket.on("error", () => undefined);
    socket.write(bytes, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

describe("robustness", () => {
  test("body problems are MALFORMED_JSON_BODY (32)", async () => {
    await v1For(emulator(), "1.1").create("robust", { type: "install_ids" });
    const cases: [Promise<{ status: number; json: any }>, string][] = [
      [v11Patch("x".repeat(21 * 1024 * 1024), "application/json"), "larger than 20 MB"],
      [v11Patch(`${"[".repeat(200_000)}${"]".repeat(200_000)}`, "application/json"), "JSON object"],
      [v11Patch(`{"ids":`.repeat(100_000), "application/json"), "not valid JSON"],
      [v11Patch(JSON.stringify({ ids: [] }), "text/plain"), "application/json"],
      [v11Patch(JSON.stringify({ ids: [] })), "application/json"],
      [v11Patch(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), "application/json"), "UTF-8"],
      [v11Patch("", "application/json"), "empty"],
    ];
    for (const [pending, mention] of cases) {
      const answer = await pending;
      expect(answer.status, mention).toBe(400);
      expect(answer.json.error_code, mention).toBe(32);
      expect(answer.json.error_message, mention).toContain(mention);
    }
  });

  test("deeply nested attribute values are rejected at the first level", async () => {
    const deep = `${"[".repeat(50_000)}"x"${"]".repeat(50_000)}`;
    const answer = await v11Patch(`{"ids":[{"action":"add","id":"a","attributes":{"a":${deep}}}]}`, "application/json");
    expect(answer.status).toBe(400);
    expect(answer.json.error_code).toBe(31);
  });

  test("10 MB audience names get MALFORMED_PARAMETER on every API", async () => {
    const emu = emulator();
    const v11 = await v1For(emu, "1.1").create(TEN_MB_NAME, { type: "install_ids" });
    expect(v11.status).toBe(400);
    expect(v11.json.error_code).toBe(31);
    const v2 = v2For(emu);
    const created = await v2.create({ name: TEN_MB_NAME, type: "custom_ids" });
    expect(created.json.error_code).toBe("MALFORMED_PARAMETER");
    const viewed = await v2.view(`?name=${TEN_MB_NAME}`);
    expect(viewed.status).toBe(400);
    expect(viewed.json.error_code).toBe("MALFORMED_PARAMETER");
    expect((await v1For(emu, "1.1").view("%ZZ")).json.error_code).toBe(31);
  });

  test("unknown routes are ROUTE_NOT_FOUND in the right family", async () => {
    const emu = emulator();
    const v1 = await call(`${emu.baseUrl}/1.1/${emu.credentials.apiKey}/other`, {
      headers: { "X-Authorization": emu.credentials.restKey },
    });
    expect(v1.status).toBe(404);
    expect(v1.json.error_code).toBe(20);
    const root = await call(`${emu.baseUrl}/`);
    expect(root.status).toBe(404);
    expect(root.json.error_code).toBe("ROUTE_NOT_FOUND");
  });

  test("non-HTTP bytes, a request cut mid-body and a silent socket leave the server serving", async () => {
    const garbage = await rawExchange("\x00\x01NOT HTTP AT ALL\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    expect(garbage).toContain('"error_code"');
    const emu = emulator();
    const cutShort = await rawExchange(
      `PATCH /1.1/${emu.credentials.apiKey}/custom-audience/robust HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `X-Authorization: ${emu.credentials.restKey}\r\nContent-Length: 1000\r\n\r\n{"ids":[`,
      true,
    );
    // Either silence or a 400: never a success for half a body, and never a hang.
    expect(cutShort).not.toMatch(/^HTTP\/1\.1 2/);
    expect(emu.audienceMembers("custom-audience-1.1", emu.credentials.apiKey, "robust")!.size).toBe(0);
    const answer = await v1For(emu, "1.1").list();
    expect(answer.status).toBe(200);
  });
});
