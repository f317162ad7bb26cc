/**
 * The arithmetic of the adaptive throttle, with no timers and no clock of its own: a CUBIC rate
 * curve (RFC 9438, in requests per second, as in the AWS SDKs' adaptive retry mode) and the
 * sliding-window counters it is fed with. Times are milliseconds from the throttle's clock.
 */

/** Multiplicative decrease: after a 429 the rate drops to `beta` times the rate that was refused. */
export const DEFAULT_BETA = 0.7;
/**
 * CUBIC's scale constant C, in requests/s⁴: how fast the curve climbs back and probes. The same
 * whatever the rate, as in the AWS SDKs (0.4), so K = ∛(Wmax·(1 − β)/C) grows as ∛Wmax: after a
 * refusal a larger sender takes longer to climb back than a smaller one, and senders sharing a key
 * (shards in separate processes) converge to equal shares. Measured with four `sync --shard`
 * processes on one key (npm run bench, throttle): with C growing as √Wmax instead (K ∝ Wmax^⅙) the
 * shards' rates stayed 18-36 % apart and the last shard finished long after the first (combined
 * goodput 0.77-0.94 of the limit over three runs); with a constant C 13-19 % and 0.90-0.96.
 * A C proportional to Wmax would keep unequal shares unequal forever (scale-free growth).
 */
export const DEFAULT_SCALE = 0.4;
/**
 * C when a refusal is expensive (a floor before re-sending, 5 s on 1.x): four times gentler, so the
 * probes above Wmax that end in a refusal come about 1.6 times (∛4) less often. Simulated (1.x, 10
 * requests/s, 4 lanes, 20 s): goodput / limit 0.65 → 0.82 and refusals 12 → 7.
 */
export const GENTLE_SCALE = 0.1;

/**
 * The CUBIC curve R(t) = C·(t − K)³ + Wmax, where t is seconds since the epoch (the end of the last
 * refusal's wait), Wmax the rate that was refused and K = ∛(Wmax·(1 − β)/C), so that R(0) = β·Wmax.
 * It climbs fast while far below Wmax, flattens near it (where the last refusal happened), and only
 * then probes above it, slowly at first: most of the time is spent just under the limit.
 */
export class CubicCurve {
  private maxRate = 0;
  private epochMs = 0;
  private k = 0;

  constructor(
    private readonly beta = DEFAULT_BETA,
    private readonly scale = DEFAULT_SCALE,
  ) {}

  /** Starts a new epoch after a refusal at `refusedRate`; returns the decreased rate β·refusedRate. */
  decrease(refusedRate: number, epochMs: number): number {
    this.maxRate = refusedRate;
    this.epochMs = epochMs;
    this.k = Math.cbrt((refusedRate * (1 - this.beta)) / this.scale);
    return this.beta * refusedRate;
  }

  /** Places the curve on its plateau at `rate` (a caller's starting rate: no jump, a slow probe up). */
  plateauAt(rate: number, nowMs: number): void {
    this.maxRate = rate;
    this.k = Math.cbrt((rate * (1 - this.beta)) / this.scale);
    this.epochMs = nowMs - this.k * 1000;
  }

  /** The curve's rate at `nowMs` (before the epoch: the decreased rate). */
  rateAt(nowMs: number): number {
    const t = Math.max(0, nowMs - this.epochMs) / 1000;
    return this.maxRate + this.scale * (t - this.k) ** 3;
  }

  get refusedRate(): number {
    return this.maxRate;
  }
}

/**
 * Events per second over the last `windowMs`, counted only from `since` on (the throttle passes the
 * end of its last wait, so a pause does not read as a slow rate). Keeps one timestamp per event in
 * the window: a few thousand at most at Batch's rates.
 */
export class RateWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly windowMs = 1_000,
    /** Shortest span a rate is computed over, so two events 1 ms apart do not read as 1,000/s. */
    private readonly minSpanMs = 100,
  ) {}

  add(nowMs: number): void {
    this.times.push(nowMs);
    this.forget(nowMs);
  }

  rate(nowMs: number, sinceMs: number): number {
    const from = Math.max(nowMs - this.windowMs, sinceMs);
    this.forget(nowMs);
    let count = 0;
    for (let i = this.times.length - 1; i >= this.head && this.times[i]! > from; i--) count++;
    return count / (Math.max(this.minSpanMs, nowMs - from) / 1000);
  }

  /** Drops the events that left the window (in batches, so memory stays bounded by the window). */
  private forget(nowMs: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= nowMs - this.windowMs) this.head++;
    if (this.head > 1_024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}
