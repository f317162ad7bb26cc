/**
 * Times two ways of making the same request against the same server, alternating them round by
 * round so both see the same drift (other processes, CPU frequency), and reports same-run medians.
 */
import { median } from "./median.js";

export interface Comparison {
  /** Median wall-clock microseconds per request. */
  subjectUs: number;
  baselineUs: number;
  /** Median over rounds of subject/baseline, each round timing both back to back (robust to drift). */
  ratio: number;
  /** Ratio of the medians. */
  ratioOfMedians: number;
  /** Median CPU microseconds per request in this process (less sensitive to other load on the machine). */
  subjectCpuUs: number;
  baselineCpuUs: number;
  cpuRatio: number;
  /** Best round of each side: the least disturbed by other processes. */
  bestRatio: number;
}

type Call = () => Promise<unknown>;

/** Per-request cost over `rounds` rounds of `perRound` sequential requests per side. */
export async function compare(rounds: number, perRound: number, subject: Call, baseline: Call): Promise<Comparison> {
  const wall = { subject: [] as number[], baseline: [] as number[] };
  const cpu = { subject: [] as number[], baseline: [] as number[] };
  for (let w = 0; w < Math.min(perRound, 200); w++) {
    await subject();
    await baseline();
  }
  for (let r = 0; r < rounds; r++) {
    const sides: Array<["subject" | "baseline", Call]> = [
      ["subject", subject],
      ["baseline", baseline],
    ];
    if (r % 2) sides.reverse();
    for (const [side, fn] of sides) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      wall[side].push(((performance.now() - started) * 1000) / perRound);
      const used = process.cpuUsage(cpuBefore);
      cpu[side].push((used.user + used.system) / perRound);
    }
  }
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  return {
    subjectUs: Math.round(median(wall.subject)),
    baselineUs: Math.round(median(wall.baseline)),
    ratio: ratio(median(wall.subject.map((c, i) => c / wall.baseline[i]!)), 1),
    ratioOfMedians: ratio(median(wall.subject), median(wall.baseline)),
    subjectCpuUs: Math.round(median(cpu.subject)),
    baselineCpuUs: Math.round(median(cpu.baseline)),
    cpuRatio: ratio(median(cpu.subject), median(cpu.baseline)),
    bestRatio: ratio(Math.min(...wall.subject), Math.min(...wall.baseline)),
  };
}
