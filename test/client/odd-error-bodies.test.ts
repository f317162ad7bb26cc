/**
 * Batch never shows a 1.x error body: the spec assumes `{ error_code, error_message }`, third-party
 * code reads `message`, and proxies answer with HTML or nothing. Each must still become a useful
 * typed error, and the 1.x update's two possible successes (201 and 202) must both be accepted.
 */
import { describe, expect, it } from "vitest";
import { toApiError } from "../../src/client/error-mapping.js";
import { newCallRecord } from "../../src/client/http/transport.js";
import {
  BatchAlreadyExistsError,
  BatchBadRequestError,
  BatchNotFoundError,
  BatchServerError,
  createCustomAudienceClient,
} from "../../src/index.js";
import { createRedactor } from "../../src/shared/redact.js";
import { useScriptedServer } from "../support/scripted-server.js";

const ctx = (isCreate = false) => ({
  family: "1.x" as const,
  operation: { operationId: isCreate ? "createAudience" : "getAudience", method: "GET", url: "u" },
  record: { ...newCallRecord(), attempts: 1, lostAttempts: 0 },
  redactor: createRedactor(["SECRET-APP-KEY"]),
  isCreate,
});
const res = (status: number, contentType?: string) =>
  new Response(null, { status, headers: contentType ? { "content-type": contentType } : {} });

describe("1.x error bodies Batch does not document", () => {
  it("{ message } gives the message and the class of the status", () => {
    const error = toApiError(res(404), { message: "Audience nope not found" }, ctx());
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect(error.errorMessage).toBe("Audience nope not found");
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain("HTTP 404");
  });

  it("{ message } still names the field of a 400 and recognises an existing audience", () => {
    const bad = toApiError(res(400), { message: "Malformed parameter: ids" }, ctx());
    expect(bad).toBeInstanceOf(BatchBadRequestError);
    expect((bad as BatchBadRequestError).field).toBe("ids");
    const exists = toApiError(res(400), { message: "An audience with this name already exists" }, ctx(true));
    expect(exists).toBeInstanceOf(BatchAlreadyExistsError);
  });

  it("other common shapes: code + message, error as a string or an object", () => {
    expect(toApiError(res(400), { code: 31, message: "m" }, ctx())).toMatchObject({
      errorCode: 31,
      errorName: "MALFORMED_PARAMETER",
      errorMessage: "m",
    });
    expect(toApiError(res(400), { error: "bad input" }, ctx()).errorMessage).toBe("bad input");
    expect(toApiError(res(400), { error: { code: 30, message: "no type" } }, ctx())).toMatchObject({
      errorCode: 30,
      errorMessage: "no type",
    });
  });

  it("SERVER_ERROR is read from code 0 (Batch's other 1.x pages) as from code 1", () => {
    for (const code of [0, 1]) {
      const error = toApiError(res(500), { error_code: code, error_message: "Server error" }, ctx());
      expect(error).toBeInstanceOf(BatchServerError);
      expect(error.errorName).toBe("SERVER_ERROR");
    }
  });

  it("an empty body is described by its status", () => {
    const error = toApiError(res(500), undefined, ctx());
    expect(error).toBeInstanceOf(BatchServerError);
    expect(error.errorMessage).toMatch(/^empty body \(HTTP 500/);
  });

  it("an HTML page is reduced to its title, never dumped as markup", () => {
    const page =
      "<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>h1{}</style></head>" +
      "<body><h1>Bad Gateway</h1><p>nginx</p></body></html>";
    const error = toApiError(res(502, "text/html; charset=utf-8"), page, ctx());
    expect(error).toBeInstanceOf(BatchServerError);
    expect(error.errorMessage).toBe("unexpected text/html; charset=utf-8 page (HTTP 502): 502 Bad Gateway");
    const untitled = toApiError(res(503, "text/html"), "<html><body><p>Down for  maintenance</p></body></html>", ctx());
    expect(untitled.errorMessage).toBe("unexpected text/html page (HTTP 503): Down for maintenance");
  });

  it("keys in such bodies are redacted like everywhere else", () => {
    const error = toApiError(res(404), { message: "no route /1.1/SECRET-APP-KEY/custom-audience/x" }, ctx());
    expect(error.errorMessage).not.toContain("SECRET-APP-KEY");
    expect(JSON.stringify(error)).not.toContain("SECRET-APP-KEY");
  });
});

describe("a 1.1 client against a Batch that answers in those shapes", () => {
  const server = useScriptedServer();
  const client = () =>
    createCustomAudienceClient({
      version: "1.1",
      apiKey: "APPKEY",
      restKey: "rk",
      baseUrl: server.url,
      maxRetries: 0,
      rateLimitFloorMs: 0,
    });

  it("update accepts 201 as well as 202 (both documented as possible)", async () => {
    server.enqueue(
      { status: 201, json: { indexing_token: "t201" } },
      { status: 202, json: { indexing_token: "t202" } },
    );
    const ops = [{ action: "add" as const, id: "i1" }];
    expect(await client().update("fans", ops)).toEqual({ indexingToken: "t201" });
    expect(await client().update("fans", ops)).toEqual({ indexingToken: "t202" });
  });

  it("a { message } error from view becomes BatchNotFoundError with that message", async () => {
    server.enqueue({ status: 404, json: { message: "Audience fans not found" } });
    const error = await client()
      .get("fans")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchNotFoundError);
    expect((error as BatchNotFoundError).errorMessage).toBe("Audience fans not found");
  });
});
