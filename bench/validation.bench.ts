/**
 * What the spec's validators cost on the bulk hot path: 1,000,000 bare IDs (what most uploads are)
 * and 1,000,000 add items with three attributes, through the same checks the client's bulk engine
 * and the CLI call (src/shared/validation/). Items are built before the clock starts; CPU time of
 * this process, median of 5 rounds, so other load on the machine matters less than wall time would.
 * The whole upload (chunking, validation, serialisation) is client.bench.ts's bulk1MIds.
 */
import type { ApiId } from "../generated/constants.js";
import { checkMemberId, checkUpdateItem } from "../src/shared/validation/checks.js";
import type { BenchModule } from "./run.js";
import { median } from "./support/median.js";

const COUNT = 1_000_000;
const ROUNDS = 5;

function cpuSecondsOf(run: () => number): { seconds: number; failures: number } {
  const before = process.cpuUsage();
  const failures = run();
  const used = process.cpuUsage(before);
  return { seconds: (used.user + used.system) / 1e6, failures };
}

function measure(run: () => number): Record<string, number> {
  run(); // warm-up: compile and optimise before measuring
  const rounds = Array.from({ length: ROUNDS }, () => cpuSecondsOf(run));
  if (rounds.some((r) => r.failures !== 0)) throw new Error("validation bench: a valid item was refused");
  const seconds = median(rounds.map((r) => r.seconds));
  return { cpuSecondsMedian: Number(seconds.toFixed(3)), nsPerItem: Math.round((seconds * 1e9) / COUNT) };
}

function bareIds(api: ApiId, ids: readonly string[]): () => number {
  return () => {
    let failures = 0;
    for (let i = 0; i < ids.length; i++) if (checkMemberId(api, ids[i], "input") !== undefined) failures++;
    return failures;
  };
}

function items(api: ApiId, list: readonly unknown[]): () => number {
  return () => {
    let failures = 0;
    for (let i = 0; i < list.length; i++) if (checkUpdateItem(api, list[i], "input") !== undefined) failures++;
    return failures;
  };
}

async function run(): Promise<Record<string, unknown>> {
  const ids = Array.from({ length: COUNT }, (_, i) => `user-${i.toString(36)}-${(i * 2654435761) % 1_000_003}`);
  const withAttributes = ids.map((id, i) => ({
    action: "add",
    id,
    attributes: { age: i % 90, plan: i % 2 ? "gold" : "silver", "date(seen)": "2024-01-02T03:04:05Z" },
  }));
  const figures: Record<string, unknown> = { items: COUNT, rounds: ROUNDS };
  for (const api of ["custom-audience-1.1", "audience-2"] as ApiId[]) {
    figures[api] = {
      bareIds: measure(bareIds(api, ids)),
      addItemsWith3Attributes: measure(items(api, withAttributes)),
    };
  }
  return figures;
}

const validationBench: BenchModule = { name: "validation", run };
export default validationBench;

// `npx tsx bench/validation.bench.ts` runs this module alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
