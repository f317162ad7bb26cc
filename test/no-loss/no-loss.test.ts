/**
 * No data loss under faults: 200,000 operations per API streamed through the bulk helpers into the
 * emulator while 10% of requests fail in every way the emulator knows (429 with Retry-After, 500,
 * 503, dropped connections, slow answers, truncated bodies, HTML 502 pages, writes applied whose
 * response is lost). Afterwards the audience must equal the intended one exactly: same IDs, same
 * attributes and tags, no audience created twice, one token per accepted chunk, every fault
 * answered by exactly one retry (or by a failed chunk that is then re-sent).
 *
 * Timing: retry waits are lowered (baseDelayMs 5, maxDelayMs 100) and so is the 1.x 429 floor
 * (rateLimitFloorMs 20 instead of Batch's 5 s); the 2.x 429s still carry `Retry-After: 1`, and the
 * test checks the client computed a wait that long. Nothing here depends on how fast the machine
 * is: indexing is held and released by the test, every count is of requests, not of time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiId, type EmulatorHandle, startEmulator } from "../../src/emulator/index.js";
import { BatchAlreadyExistsError, BatchServerError, type BulkResult, createAudienceClient } from "../../src/index.js";
import { compareMembers, EXACT, RetryLedger } from "./support/audit.js";
import {
  bodyText,
  createOrAdopt,
  expectEveryKindInjected,
  expectTokensPerAcceptedChunk,
  harness,
  RATES,
  RETRY,
  untilAccepted,
} from "./support/harness.js";
import {
  applyUpdates,
  asyncStream,
  type ExpectedData,
  intendedAfterReplace,
  intendedAfterUpdates,
  opAt,
  replaceEntryAt,
  replaceStream,
  type StreamItem,
  stream,
  type Variant,
} from "./support/stream.js";

const IDS = 200_000;
const CHUNK = 2_500;

let emulator: EmulatorHandle;
/** Tokens of the 2.x update run, checked against the emulator at the end. */
let v2UpdateTokens: string[] = [];
beforeAll(async () => {
  // Every write reports IN_PROGRESS to its first view, then APPLIED: counted in requests, not time.
  emulator = await startEmulator({
    seed: 5,
    indexingPolls: 1,
    faults: { rates: RATES, slowMs: 40, retryAfterSeconds: 1 },
  });
});
afterAll(() => emulator.stop());

const { members, countNamed, clientFor, guaranteeEveryKind, faultsByKind, expectOneRetryPerFault } = harness(
  () => emulator,
);

describe.sequential("no data loss under 10% faults of every kind", () => {
  it("a create whose answer was lost surfaces as already-exists with mayBeOwnEarlierAttempt, and exists once", async () => {
    // Only the queued faults here: a random 5xx before a deliberate conflict would (rightly) set
    // mayBeOwnEarlierAttempt too.
    emulator.setFaults({ slowMs: 40, retryAfterSeconds: 1 });
    const ledger = new RetryLedger();
    const { v2 } = clientFor("audience-2", ledger);
    const { v11 } = clientFor("custom-audience-1.1", ledger);
    const { v10 } = clientFor("custom-audience-1.0", ledger);
    const creators: Record<ApiId, (name: string) => Promise<unknown>> = {
      "audience-2": (name) => v2!.create(name),
      "custom-audience-1.1": (name) => v11!.create(name),
      "custom-audience-1.0": (name) => v10!.create(name, { type: "custom_ids" }),
    };
    let calls = 0;
    for (const kind of ["lost", "truncate"] as const) {
      for (const [api, create] of Object.entries(creators) as Array<[ApiId, (name: string) => Promise<unknown>]>) {
        const name = `twice_${kind}`;
        emulator.injectFaults({ kind, api, operation: "create" });
        const error = await create(name).catch((e: unknown) => e);
        expect(error, `${api} ${kind}`).toBeInstanceOf(BatchAlreadyExistsError);
        expect((error as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(true);
        expect(await createOrAdopt(() => Promise.reject(error))).toBe("adopted");
        expect(countNamed(api, name)).toBe(1);
        // Creating it again is a real conflict, not an earlier attempt of ours.
        const conflict = await create(name).catch((e: unknown) => e);
        expect((conflict as BatchAlreadyExistsError).mayBeOwnEarlierAttempt).toBe(false);
        expect(countNamed(api, name)).toBe(1);
        calls++;
      }
    }
    expect(ledger.byOperation.createAudience).toBe(calls);
    emulator.setFaults({ rates: RATES, slowMs: 40, retryAfterSeconds: 1 });
  });

  it("2.x update: 200,000 operations, a chunk that exhausts its retries is re-sent, the audience is exact", async () => {
    const api = "audience-2";
    const ledger = new RetryLedger();
    const name = "nl_v2_update";
    // Every attempt of the chunk holding the first operation on u40000 fails, so that chunk exhausts
    // its retries while later chunks of its lane carry newer operations on some of its IDs.
    let poisonedBody: string | undefined;
    let poisonOn = true;
    const poisoned: typeof fetch = (input, init) => {
      const body = bodyText(init?.body);
      if (poisonOn && body !== undefined) {
        if (poisonedBody === undefined && body.includes('"id":"u40000"')) poisonedBody = body;
        if (body === poisonedBody) {
          const headers = new Headers(init!.headers);
          headers.set("X-Emulator-Fault", "500");
          return ledger.fetch(input, { ...init, headers });
        }
      }
      return ledger.fetch(input, init);
    };
    const client = createAudienceClient({
      restKey: emulator.credentials.restKey,
      projectKey: emulator.credentials.projectKey,
      baseUrl: emulator.urls[api],
      logger: ledger.logger,
      fetch: poisoned,
      ...RETRY,
    });
    emulator.resetStats();
    await createOrAdopt(() => client.create(name));
    guaranteeEveryKind(api, "update");
    const started = Date.now();
    const first = await client.bulkUpdate(name, stream("2", IDS), { chunkSize: CHUNK, concurrency: 4 });

    expect(first.failedChunks).toHaveLength(1);
    const failed = first.failedChunks[0]!;
    expect(failed.error).toBeInstanceOf(BatchServerError);
    expect(failed.sent).toBe(true);
    expect(failed.positions).toContain(40_000);
    expect(failed.positions).toHaveLength(failed.itemCount);
    // Later accepted chunks superseded some of its operations; re-sending those would undo them.
    expect(failed.supersededPositions.length).toBeGreaterThan(0);
    expect([...failed.resendPositions, ...failed.supersededPositions].sort((a, b) => a - b)).toEqual(failed.positions);
    const intended = intendedAfterUpdates("2", IDS);
    const naive = applyUpdates(
      new Map<string, ExpectedData>(intended),
      failed.positions.map((p) => opAt(p, "2")),
    );
    expect(compareMembers(intended, naive)).not.toMatchObject(EXACT);

    poisonOn = false;
    const results = await untilAccepted(
      first,
      (items) => client.bulkUpdate(name, items, { chunkSize: CHUNK, concurrency: 4 }),
      (p) => opAt(p, "2"),
    );
    const last = results.at(-1)!;
    expect(results.length).toBeGreaterThan(1);
    expect(last.ok).toBe(true);
    expect(compareMembers(intended, members(api, name))).toMatchObject(EXACT);
    expect(countNamed(api, name)).toBe(1);

    const faults = faultsByKind();
    expectEveryKindInjected(faults);
    expectOneRetryPerFault(ledger, results);
    expect(first.progress.itemsAccepted + first.progress.itemsFailed).toBe(IDS);
    for (const r of results) expectTokensPerAcceptedChunk(r);
    v2UpdateTokens = results.flatMap((r) => r.indexingTokens);
    expect(ledger.delaysAfter429.length).toBeGreaterThan(0);
    expect(Math.min(...ledger.delaysAfter429)).toBeGreaterThanOrEqual(1_000);
    console.info(
      `[no-loss] 2.x update ${IDS} ops in ${Date.now() - started} ms, faults ${JSON.stringify(faults)}, retries ${JSON.stringify(ledger.byCause)}`,
    );
  });

  for (const version of ["1.1", "1.0"] as const) {
    it(`${version} update: 200,000 operations, the audience is exact`, async () => {
      const api: ApiId = version === "1.1" ? "custom-audience-1.1" : "custom-audience-1.0";
      const variant: Variant = version;
      const ledger = new RetryLedger();
      const name = `nl_v${version.replace(".", "")}_update`;
      const { v10, v11 } = clientFor(api, ledger);
      emulator.resetStats();
      const started = Date.now();
      let first: BulkResult;
      let resend: (items: StreamItem[]) => Promise<BulkResult>;
      if (v11) {
        await createOrAdopt(() => v11.create(name));
        guaranteeEveryKind(api, "update");
        // 1.1 reads an async stream: the reader is paced by the lanes (backpressure).
        first = await v11.bulkUpdate(name, asyncStream(variant, IDS), { chunkSize: CHUNK, concurrency: 4 });
        resend = (items) => v11.bulkUpdate(name, items, { chunkSize: CHUNK, concurrency: 4 });
      } else {
        await createOrAdopt(() => v10!.create(name, { type: "custom_ids" }));
        guaranteeEveryKind(api, "update");
        first = await v10!.bulkUpdate(name, stream(variant, IDS), {
          type: "custom_ids",
          chunkSize: CHUNK,
          concurrency: 4,
        });
        resend = (items) => v10!.bulkUpdate(name, items, { type: "custom_ids", chunkSize: CHUNK, concurrency: 4 });
      }
      const results = await untilAccepted(first, resend, (p) => opAt(p, variant));
      expect(results.at(-1)!.ok).toBe(true);
      expect(first.progress.itemsAccepted + first.progress.itemsFailed).toBe(IDS);
      expect(compareMembers(intendedAfterUpdates(variant, IDS), members(api, name))).toMatchObject(EXACT);
      expect(countNamed(api, name)).toBe(1);
      const faults = faultsByKind();
      expectEveryKindInjected(faults);
      expectOneRetryPerFault(ledger, results);
      for (const r of results) expectTokensPerAcceptedChunk(r);
      console.info(
        `[no-loss] ${version} update ${IDS} ops in ${Date.now() - started} ms, faults ${JSON.stringify(faults)}, retries ${JSON.stringify(ledger.byCause)}`,
      );
    });
  }

  it("2.x bulk replace of 30,000 entries over an existing audience: exactly the new content", async () => {
    const api = "audience-2";
    const ledger = new RetryLedger();
    const { v2 } = clientFor(api, ledger);
    const client = v2!;
    const name = "nl_v2_replace";
    const count = 30_000;
    await createOrAdopt(() => client.create(name));
    // Old content: IDs that must vanish, and IDs the replace keeps with new attributes.
    const old = [
      ...Array.from({ length: 4_000 }, (_, i) => `old${i}`),
      ...Array.from({ length: 2_000 }, (_, i) => `r${i}`),
    ];
    const seeded = await client.bulkUpdate(
      name,
      old.map((id) => ({ action: "add" as const, id, attributes: { tier: "old" } })),
    );
    expect(seeded.ok).toBe(true);

    emulator.resetStats();
    guaranteeEveryKind(api, "replace", ["lost", "truncate"]);
    guaranteeEveryKind(api, "update", ["429", "500", "503", "drop", "non-json", "slow"]);
    // Indexing is held until the client has seen the replace IN_PROGRESS, so the adds must wait for
    // it (whatever answers faults cut off on the way).
    const states: Array<string | undefined> = [];
    const onPoll = (state: string | undefined) => {
      states.push(state);
      if (state === "IN_PROGRESS") emulator.releaseIndexing();
    };
    const run = () =>
      client.bulkReplace(name, replaceStream("2", count), {
        concurrency: 4,
        indexing: { initialDelayMs: 5, onPoll },
      });
    emulator.holdIndexing();
    let result: BulkResult;
    try {
      result = await run();
      // A replace that exhausts its retries stops the upload; the whole replace is then run again.
      for (let round = 0; result.failedChunks.some((c) => c.operation === "replace") && round < 2; round++)
        result = await run();
    } finally {
      emulator.releaseIndexing();
    }
    const results = await untilAccepted(
      result,
      (items) => client.bulkUpdate(name, items, { concurrency: 4 }),
      (p) => {
        const entry = replaceEntryAt(p, "2");
        return typeof entry === "string" ? entry : { action: "add", ...entry };
      },
    );
    expect(results.at(-1)!.ok).toBe(true);
    expect(result.acceptedChunks[0]!.operation).toBe("replace");
    expect(result.acceptedChunks[0]!.idCount).toBe(10_000);
    // The adds waited until the replace was indexed.
    expect(states[0]).toBe("IN_PROGRESS");
    expect(states.at(-1)).toBe("APPLIED");
    expect(compareMembers(intendedAfterReplace("2", count), members(api, name))).toMatchObject(EXACT);
    expect(countNamed(api, name)).toBe(1);
    expectEveryKindInjected(faultsByKind());
    for (const r of results) expectTokensPerAcceptedChunk(r);
  });

  it("every token of the 2.x update run is known to the emulator and indexed", async () => {
    emulator.setFaults({});
    const { v2 } = clientFor("audience-2", new RetryLedger());
    expect(v2UpdateTokens.length).toBeGreaterThan(10);
    for (const token of v2UpdateTokens) {
      const outcome = await v2!.waitForIndexing("nl_v2_update", token, { initialDelayMs: 5 });
      // Never viewed before: IN_PROGRESS once (indexingPolls: 1), then APPLIED.
      expect(outcome).toMatchObject({ state: "APPLIED", polls: 2 });
    }
  });
});
