/**
 * `batch-audience inferred`: the ledger of every point where the specs go beyond Batch's pages
 * (what is assumed, where, which operations rely on it, which spec file to change), as text or JSON.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { inferredLedger, ledgerCounts, renderLedger } from "../../shared/inferred/ledger.js";
import { INFERRED_POINT_KINDS, type InferredPointKind, type LedgerApiId } from "../../shared/inferred/types.js";
import { EXIT_OK } from "../exit-codes.js";
import { type CliIo, emit } from "../io.js";

const API_CHOICES: Record<string, LedgerApiId> = {
  "1.0": "custom-audience-1.0",
  "1.1": "custom-audience-1.1",
  "2": "audience-2",
  "custom-audience-1.0": "custom-audience-1.0",
  "custom-audience-1.1": "custom-audience-1.1",
  "audience-2": "audience-2",
};

const EXAMPLES = `
Examples:
  $ batch-audience inferred                      # every inferred point of the three APIs
  $ batch-audience inferred --api 2 --kind example
  $ batch-audience inferred --json > inferred.json

A conformance run against Batch (npm run conformance -- --target live …, from a checkout) reports
each point as confirmed, contradicted or not exercised.
`;

/** A repeatable option restricted to `choices` (commander's own choices check does not repeat). */
const collectFrom =
  (choices: readonly string[]) =>
  (value: string, previous: string[] = []): string[] => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(", ")}.`);
    return [...previous, value];
  };

export function inferredCommand(io: CliIo, run: (code: Promise<number>) => Promise<void>): Command {
  return new Command("inferred")
    .description("list every point where the specs go beyond Batch's documentation (the inferred-points ledger)")
    .addOption(
      new Option("--api <api>", "only this API: 1.0, 1.1 or 2 (repeatable)").argParser(
        collectFrom(Object.keys(API_CHOICES)),
      ),
    )
    .addOption(
      new Option("--kind <kind>", `only this kind of point (repeatable): ${INFERRED_POINT_KINDS.join(", ")}`).argParser(
        collectFrom(INFERRED_POINT_KINDS),
      ),
    )
    .option("--json", "one JSON document: { counts, points }", false)
    .addHelpText("after", EXAMPLES)
    .action((options: { api?: string[]; kind?: string[]; json: boolean }) =>
      run(
        (async () => {
          const points = inferredLedger({
            ...(options.api ? { apis: options.api.map((a) => API_CHOICES[a]!) } : {}),
            ...(options.kind ? { kinds: options.kind as InferredPointKind[] } : {}),
          });
          emit(io, options.json, { counts: ledgerCounts(points), points }, () => renderLedger(points));
          return EXIT_OK;
        })(),
      ),
    );
}
