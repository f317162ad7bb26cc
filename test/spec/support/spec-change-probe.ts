/**
 * Run inside a copy of the repository whose audience-2 spec allows `ATTRIBUTES` attributes per ID
 * (test/spec/spec-change.test.ts): prints, as one JSON line, whether the client, the emulator and
 * the CLI's header check accept `ATTRIBUTES` and `ATTRIBUTES + 1` attributes, on 2.x and on 1.1
 * (whose spec was left alone).
 */
import { planColumns } from "../../../src/cli/sync/columns.js";
import { checkUpdateItem } from "../../../src/client/validation.js";
import { checkUpdateV2, checkUpdateV11 } from "../../../src/emulator/request-bodies.js";

const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]));
const item = (n: number) => ({ action: "add", id: "u1", attributes: attributes(n) });

function passes(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}

function verdicts(n: number) {
  const header = ["id", ...Object.keys(attributes(n))];
  const columns = (api: "1.1" | "2") => () =>
    planColumns(header, { idColumn: undefined, ignore: [], api, idsOnly: false });
  return {
    client2: passes(() => checkUpdateItem(item(n), "audience-2", "ids[0]")),
    emulator2: passes(() => checkUpdateV2({ name: "fans", ids: [item(n)] })),
    cli2: passes(columns("2")),
    client11: passes(() => checkUpdateItem(item(n), "custom-audience-1.1", "ids[0]")),
    emulator11: passes(() => checkUpdateV11({ ids: [item(n)] })),
    cli11: passes(columns("1.1")),
  };
}

const limit = Number(process.env.ATTRIBUTES);
process.stdout.write(`${JSON.stringify({ atLimit: verdicts(limit), overLimit: verdicts(limit + 1) })}\n`);
