/**
 * `npm run inferred [-- --json] [--api <api>] [--kind <kind>]`: the ledger of every inferred point
 * of the three specs (what is assumed, where, who relies on it), as text or JSON.
 */
import { parseArgs } from "node:util";
import { inferredLedger, ledgerCounts, renderLedger } from "../src/shared/inferred/ledger.js";
import { INFERRED_POINT_KINDS, type InferredPointKind, type LedgerApiId } from "../src/shared/inferred/types.js";
import { APIS } from "./apis.js";

const HELP = `Usage: npm run inferred -- [--json] [--api <api>]... [--kind <kind>]...

Lists every point where the specs go beyond Batch's pages (x-batch-source: inferred, x-batch-inferred):
the API, the operations that rely on it, where it is (status, schema path, parameter), what is
assumed, and the hand-written file to change. A conformance run against live Batch tells which hold.

  --api <api>     ${APIS.map((a) => a.id).join(", ")}
  --kind <kind>   ${INFERRED_POINT_KINDS.join(", ")}
  --json          one JSON document: { counts, points }
`;

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean", default: false },
        api: { type: "string", multiple: true },
        kind: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const ids = APIS.map((a) => a.id as string);
  const bad = [
    ...(values.api ?? []).filter((a) => !ids.includes(a)),
    ...(values.kind ?? []).filter((k) => !(INFERRED_POINT_KINDS as readonly string[]).includes(k)),
  ];
  if (bad.length > 0) {
    process.stderr.write(`unknown --api or --kind: ${bad.join(", ")}\n\n${HELP}`);
    return 2;
  }
  const points = inferredLedger({
    ...(values.api ? { apis: values.api as LedgerApiId[] } : {}),
    ...(values.kind ? { kinds: values.kind as InferredPointKind[] } : {}),
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ counts: ledgerCounts(points), points }, null, 2)}\n`
      : `${renderLedger(points)}\n`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
