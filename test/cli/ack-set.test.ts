import { describe, expect, it } from "vitest";
import { AckSet } from "../../src/cli/sync/ack-set.js";

describe("AckSet (the checkpoint's acknowledged lines)", () => {
  it("keeps 'done up to N' plus the scattered lines after it, and survives a round trip", () => {
    const set = new AckSet();
    for (const line of [1, 2, 5, 7, 3]) set.add(line);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((l) => set.has(l))).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
      true,
      false,
    ]);
    const data = set.toJSON();
    expect(data.through).toBe(3);
    const back = new AckSet(data);
    expect([3, 4, 5, 6, 7, 8].map((l) => back.has(l))).toEqual([true, false, true, false, true, false]);
    back.addRange(4, 6);
    expect(back.toJSON()).toEqual({ through: 7, beyond: "" });
  });

  it("stays small when lines are acknowledged in long runs far from the start", () => {
    const set = new AckSet();
    for (let line = 1; line <= 200_000; line += 2) set.add(line);
    for (let line = 2; line <= 199_000; line += 2) set.add(line);
    const data = set.toJSON();
    expect(data.through).toBe(199_001);
    expect(data.beyond.length).toBeLessThan(400);
    expect(new AckSet(data).has(199_003)).toBe(true);
    expect(new AckSet(data).has(199_002)).toBe(false);
  });
});
