/** The shard function behind `sync --shard K/N`: stable, even, independent of the lanes, and its K/N parsing. */
import { describe, expect, it } from "vitest";
import { parseShard, shardOf } from "../../src/cli/sync/shard.js";
import { laneOf } from "../../src/client/bulk/lanes.js";
import { UsageError } from "../../src/shared/usage-error.js";

const ids = Array.from({ length: 20_000 }, (_, i) => `user-${String(i).padStart(7, "0")}`);

describe("shardOf", () => {
  it("is pinned: a checkpoint written by this version must find its rows in the next one", () => {
    // Changing the function would move IDs between shards of a split already under way.
    expect(["user-0000000", "user-0000001", "a", "é", ""].map((id) => shardOf(id, 4))).toEqual([0, 2, 0, 2, 2]);
    expect(shardOf("user-0000001", 1)).toBe(0);
  });

  it("spreads IDs evenly over N shards", () => {
    for (const count of [2, 3, 4, 7]) {
      const sizes = Array.from({ length: count }, () => 0);
      for (const id of ids) sizes[shardOf(id, count)]!++;
      const mean = ids.length / count;
      for (const size of sizes) expect(Math.abs(size - mean) / mean).toBeLessThan(0.05);
    }
  });

  it("leaves every lane busy inside a shard (the shard and the lane hash are independent)", () => {
    const lanes = Array.from({ length: 4 }, () => 0);
    const inShard = ids.filter((id) => shardOf(id, 4) === 2);
    for (const id of inShard) lanes[laneOf(id, 4)]!++;
    for (const lane of lanes) expect(lane / inShard.length).toBeGreaterThan(0.2);
  });
});

describe("parseShard", () => {
  it("reads K/N with a 0-based K", () => {
    expect(parseShard("0/4")).toEqual({ index: 0, count: 4 });
    expect(parseShard("3/4")).toEqual({ index: 3, count: 4 });
    expect(parseShard(" 0 / 1 ")).toEqual({ index: 0, count: 1 });
  });

  it.each([
    ["4/4", /K must be below N \(K counts from 0\)/],
    ["1/0", /N must be from 1 to 1024/],
    ["0/2000", /N must be from 1 to 1024/],
    ["-1/4", /must be K\/N, got "-1\/4"/],
    ["1", /must be K\/N/],
    ["a/b", /must be K\/N/],
  ])("refuses %s, saying how to write it", (raw, message) => {
    expect(() => parseShard(raw)).toThrow(UsageError);
    expect(() => parseShard(raw)).toThrow(message);
  });
});
