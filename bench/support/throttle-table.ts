/** The throttling bench's figures as the Markdown table the README and the closing note show. */

interface ClientRow {
  goodputOverLimit: number;
  share429After5s: number;
  exactAudience: boolean;
}

interface ShardRow extends ClientRow {
  worstShardDeviationFromMean: number;
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
const yes = (ok: boolean) => (ok ? "yes" : "**no**");
const mark = (ok: boolean) => (ok ? "met" : "**missed**");

export function throttleTable(f: {
  v2: { baseline: ClientRow; adaptive: ClientRow };
  v1_1: { baseline: ClientRow; adaptive: ClientRow };
  shards: ShardRow;
}): string {
  const row = (label: string, r: ClientRow, target: string, met: boolean | undefined) =>
    `| ${label} | ${r.goodputOverLimit.toFixed(2)} | ${pct(r.share429After5s)} | ${yes(r.exactAudience)} | ${target} | ${met === undefined ? "(baseline)" : mark(met)} |`;
  const low429 = (r: ClientRow) => r.share429After5s <= 0.03;
  const s = f.shards;
  return [
    "| upload | goodput / limit | 429s / requests after 5 s | exact audience | target | |",
    "|---|---|---|---|---|---|",
    row("2.x, `throttle: false` (today)", f.v2.baseline, "reported", undefined),
    row(
      "2.x, adaptive (default)",
      f.v2.adaptive,
      "≥ 0.90, ≤ 3 %",
      f.v2.adaptive.goodputOverLimit >= 0.9 && low429(f.v2.adaptive),
    ),
    row("1.1, `throttle: false` (today)", f.v1_1.baseline, "reported", undefined),
    row(
      "1.1, adaptive (default)",
      f.v1_1.adaptive,
      "≥ 0.80, ≤ 3 %",
      f.v1_1.adaptive.goodputOverLimit >= 0.8 && low429(f.v1_1.adaptive),
    ),
    row(
      `4 × \`sync --shard K/4\`, one key (worst shard ${pct(s.worstShardDeviationFromMean)} from the mean)`,
      s,
      "≥ 0.85, each ≤ 25 %",
      s.goodputOverLimit >= 0.85 && s.worstShardDeviationFromMean <= 0.25,
    ),
  ].join("\n");
}
