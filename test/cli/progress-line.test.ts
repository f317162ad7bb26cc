/** The sync progress text with the throttle's state: shown when there is room, dropped first when not. */
import { describe, expect, it } from "vitest";
import { barLine, type ProgressSnapshot, progressLine, throttleText } from "../../src/cli/sync/progress-line.js";

const snapshot: ProgressSnapshot = {
  bytesRead: 500,
  bytesTotal: 1000,
  rowsRead: 50_000,
  invalid: 0,
  skipped: 0,
  sent: 40_000,
  accepted: 39_000,
  failed: 0,
  retries: 3,
  elapsedMs: 10_000,
  throttle: { rate: 9.84, throttledMs: 12_345, refusals: 3 },
};

describe("progress with throttling", () => {
  it("names the pace, the time waited and the 429s", () => {
    expect(throttleText(snapshot.throttle!)).toBe("paced 9.8 req/s, waited 12.3 s, 3 × 429");
    expect(throttleText({ rate: 42.4, throttledMs: 0, refusals: 0 })).toBe("paced 42 req/s, waited 0.0 s, 0 × 429");
    expect(throttleText({ rate: undefined, throttledMs: 0, refusals: 0 })).toMatch(/^unpaced,/);
    expect(progressLine(snapshot)).toMatch(/ETA \S+; paced 9\.8 req\/s, waited 12\.3 s, 3 × 429$/);
    expect(progressLine({ ...snapshot, throttle: undefined })).not.toMatch(/paced/);
  });

  it("shows it on a wide terminal and drops it first on a narrower one", () => {
    const wide = barLine(snapshot, 200);
    expect(wide).toContain("paced 9.8 req/s");
    expect(wide).toContain("read 50,000");
    // One column less than the full line: the pace goes, rows read and sent stay.
    const narrower = barLine(snapshot, wide.length);
    expect(narrower).not.toContain("paced");
    expect(narrower).toContain("read 50,000");
    expect(narrower).toContain("sent 40,000");
    expect(narrower.length).toBeLessThan(wide.length);
  });

  it("leaves the bar as it was without throttling", () => {
    const line = barLine({ ...snapshot, throttle: undefined }, 200);
    expect(line).not.toContain("paced");
    expect(line).toMatch(/\| ETA \d+s$/);
  });
});
