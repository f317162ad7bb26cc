/**
 * The stateful sequences run on every stateful target (emulator, live, url), per API:
 * - lifecycle: create → view → update → view until APPLIED → list finds it → replace (1.1, 2.x)
 *   → view until APPLIED → delete → view is 404;
 * - already exists: create → (view until it exists) → create again is refused → delete;
 * - paging: create several audiences, walk the list with a small page size (each one exactly once,
 *   the walk ends), delete them.
 */
import type { Observed } from "../support/http.js";
import type { ApiId } from "../support/spec.js";
import { type AudienceOperations, memberIds, OPERATIONS } from "./operations.js";
import type { Sequence, SequenceStep, StepIO } from "./types.js";
import { walkList } from "./walk.js";

/** Audiences the paging sequence creates, and its page size: 7 over pages of 3 spans 3 pages at least. */
export const PAGING_AUDIENCES = 7;
export const PAGING_LIMIT = 3;
const UPDATE_IDS = 3;
const REPLACE_IDS = 2;

const body = (o: Observed | undefined) => (o?.json ?? {}) as Record<string, unknown>;

/** Remember the write's token for the next view; a 2xx write without one is a failure. */
function keepToken(io: StepIO, observed: Observed | undefined): void {
  if (!observed || observed.status >= 300) return;
  const token = body(observed).indexing_token;
  if (typeof token === "string" && token.length > 0) io.state.token = token;
  else io.fail("sequence", "the write returned no indexing_token", "a token", observed.json);
}

function viewUntilApplied(ops: AudienceOperations, members: number, after: string): SequenceStep {
  return {
    operationId: "getAudience",
    status: 200,
    scenario: `view with the ${after}'s token until APPLIED: ${members} members`,
    async run(io) {
      const token = io.state.token;
      if (!token) return io.fail("sequence", `no indexing token from the ${after}`);
      const isApplied = (o: Observed) => o.status === 200 && body(o).indexing_state === "APPLIED";
      const observed = await io.poll(
        ops.view(io.state.name, token),
        { status: 200 },
        {
          until: isApplied,
          pending: (o) => o.status === 200 && body(o).indexing_state === "IN_PROGRESS",
          what: `the ${after} to be APPLIED`,
        },
      );
      if (observed && isApplied(observed) && body(observed).nb_ids !== members) {
        io.fail(
          "sequence",
          `after the ${after} is APPLIED the audience should hold ${members} IDs`,
          members,
          body(observed).nb_ids,
        );
      }
    },
  };
}

/** View until the audience exists (a 2.x create is accepted with 202 and may land later). */
function viewExisting(ops: AudienceOperations, scenario: string): SequenceStep {
  return {
    operationId: "getAudience",
    status: 200,
    scenario,
    async run(io) {
      const observed = await io.poll(
        ops.view(io.state.name),
        { status: 200 },
        {
          until: (o) => o.status === 200,
          pending: (o) => o.status === ops.notFound.status,
          what: "the new audience to be visible",
        },
      );
      if (observed?.status === 200 && body(observed).name !== io.state.name) {
        io.fail("sequence", "view returned another audience", io.state.name, body(observed).name);
      }
    },
  };
}

const create = (ops: AudienceOperations, scenario = "create"): SequenceStep => ({
  operationId: "createAudience",
  status: ops.createStatus,
  scenario,
  critical: true,
  async run(io) {
    await io.call(ops.create(io.state.name), {
      status: ops.createStatus,
      ...(ops.createAlsoAccept ? { alsoAccept: ops.createAlsoAccept } : {}),
    });
  },
});

const remove = (ops: AudienceOperations): SequenceStep => ({
  operationId: "deleteAudience",
  status: ops.removeStatus,
  scenario: "delete",
  async run(io) {
    await io.call(ops.remove(io.state.name), { status: ops.removeStatus });
  },
});

function lifecycle(ops: AudienceOperations): Sequence {
  const steps: SequenceStep[] = [
    create(ops),
    viewExisting(ops, "view the new audience"),
    {
      operationId: "updateAudience",
      status: ops.updateStatus,
      scenario: `add ${UPDATE_IDS} IDs`,
      async run(io) {
        const expect = {
          status: ops.updateStatus,
          ...(ops.updateAlsoAccept ? { alsoAccept: ops.updateAlsoAccept } : {}),
        };
        keepToken(io, await io.call(ops.update(io.state.name, memberIds(ops.api, UPDATE_IDS, "seq")), expect));
      },
    },
    viewUntilApplied(ops, UPDATE_IDS, "update"),
    {
      operationId: "listAudiences",
      status: 200,
      scenario: "walk the pages until the audience is listed",
      async run(io) {
        const deadline = performance.now() + io.deadlineMs;
        // A list may trail a write on a real server: walk again until it shows up or time is out.
        for (;;) {
          const walk = await walkList(io, ops, { limit: 10, wanted: [io.state.name], stopWhenFound: true });
          if (walk.broken) return;
          if (walk.seen.get(io.state.name)! > 0) return;
          if (performance.now() > deadline)
            return io.fail("sequence", `the audience is in none of the ${walk.pages} pages`, io.state.name, "absent");
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
    },
  ];
  if (ops.replace && ops.replaceStatus) {
    const replace = ops.replace;
    const replaceStatus = ops.replaceStatus;
    steps.push(
      {
        operationId: "replaceAudience",
        status: replaceStatus,
        scenario: `replace the members by ${REPLACE_IDS} IDs`,
        async run(io) {
          keepToken(
            io,
            await io.call(replace(io.state.name, memberIds(ops.api, REPLACE_IDS, "replaced")), {
              status: replaceStatus,
            }),
          );
        },
      },
      viewUntilApplied(ops, REPLACE_IDS, "replace"),
    );
  }
  steps.push(remove(ops), {
    operationId: "getAudience",
    status: ops.notFound.status,
    scenario: "view after delete",
    async run(io) {
      await io.poll(
        ops.view(io.state.name),
        { status: ops.notFound.status, error: ops.notFound.error },
        {
          until: (o) => o.status === ops.notFound.status,
          // A 2.x delete is accepted with 202; the audience may stay visible for a while.
          pending: (o) => o.status === 200,
          what: "the deleted audience to be gone",
        },
      );
    },
  });
  const replaced = ops.replace ? " → replace → view until APPLIED" : "";
  return {
    api: ops.api,
    title: `sequence: create → view → update → view until APPLIED → list finds it${replaced} → delete → view is 404`,
    steps,
  };
}

function alreadyExists(ops: AudienceOperations): Sequence {
  return {
    api: ops.api,
    title: "sequence: create → create again is refused → delete",
    steps: [
      create(ops),
      viewExisting(ops, "view until the audience exists"),
      {
        operationId: "createAudience",
        status: 400,
        scenario: "create the same name again: already exists",
        async run(io) {
          await io.call(ops.create(io.state.name), { status: 400, error: ops.alreadyExists });
        },
      },
      remove(ops),
    ],
  };
}

function paging(ops: AudienceOperations): Sequence {
  return {
    api: ops.api,
    title: `sequence: create ${PAGING_AUDIENCES} → walk pages of ${PAGING_LIMIT} → each listed once, the walk ends → delete them`,
    extraAudiences: PAGING_AUDIENCES,
    steps: [
      {
        operationId: "createAudience",
        status: ops.createStatus,
        scenario: `create ${PAGING_AUDIENCES} audiences`,
        critical: true,
        async run(io) {
          for (const name of io.state.names) {
            await io.call(ops.create(name), {
              status: ops.createStatus,
              label: name,
              ...(ops.createAlsoAccept ? { alsoAccept: ops.createAlsoAccept } : {}),
            });
          }
        },
      },
      {
        operationId: "listAudiences",
        status: 200,
        scenario: `walk every page (limit=${PAGING_LIMIT} until all are seen): each audience exactly once`,
        // On 1.x the walk reads `from` as a 0-based offset, an inferred reading of Batch's wording.
        ...(ops.offsetBase ? { inferredBasis: [ops.offsetBase] } : {}),
        async run(io) {
          const deadline = performance.now() + io.deadlineMs;
          for (;;) {
            const walk = await walkList(io, ops, { limit: PAGING_LIMIT, finishLimit: 100, wanted: io.state.names });
            if (walk.broken) return;
            const missing = [...walk.seen].filter(([, n]) => n === 0).map(([name]) => name);
            // Async creates (2.x) may not be listed yet: walk again while time allows.
            if (missing.length > 0 && performance.now() < deadline) {
              await new Promise((resolve) => setTimeout(resolve, 250));
              continue;
            }
            if (!walk.ended) io.fail("paging", `the walk did not reach a last page within ${walk.pages} pages`);
            for (const [name, n] of walk.seen) if (n !== 1) io.fail("paging", `${name} was listed ${n} times`, 1, n);
            const minPages = Math.ceil(PAGING_AUDIENCES / PAGING_LIMIT);
            if (missing.length === 0 && walk.pagesWithWanted < minPages) {
              io.fail(
                "paging",
                `${PAGING_AUDIENCES} audiences in pages of ${PAGING_LIMIT} need ${minPages} pages at least`,
                minPages,
                walk.pagesWithWanted,
              );
            }
            return;
          }
        },
      },
      {
        operationId: "deleteAudience",
        status: ops.removeStatus,
        scenario: `delete the ${PAGING_AUDIENCES} audiences`,
        async run(io) {
          for (const name of io.state.names) await io.call(ops.remove(name), { status: ops.removeStatus, label: name });
        },
      },
    ],
  };
}

export function sequencesFor(api: ApiId): Sequence[] {
  const ops = OPERATIONS[api];
  return [lifecycle(ops), alreadyExists(ops), paging(ops)];
}

/** The operation × status pairs the sequences of an API reach (for the completeness guard). */
export function sequenceStepPairs(api: ApiId): { api: ApiId; operationId: string; status: number }[] {
  return sequencesFor(api).flatMap((s) =>
    s.steps.map((step) => ({ api, operationId: step.operationId, status: step.status })),
  );
}
