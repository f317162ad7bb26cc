/**
 * What a run learnt about the inferred points: every confirmation and contradiction, with redacted
 * evidence, folded into one verdict per point of the ledger (confirmed, contradicted, not exercised)
 * and, for each contradiction, the spec change to make.
 */
import { inferredLedger } from "../../src/shared/inferred/ledger.js";
import type { InferredPoint, LedgerApiId } from "../../src/shared/inferred/types.js";
import type { PreparedRequest } from "../support/http.js";
import { redact } from "../support/redact.js";
import { specChange } from "./change.js";

/** One answer that contradicts a point: enough to see it again, no key in it. */
export interface Evidence {
  /** The case or sequence step. */
  title: string;
  method: string;
  /** Path and query, keys redacted. */
  path: string;
  status: number;
  /** The first characters of the body, keys redacted. */
  body: string;
  /** The check that failed and what it said. */
  check: string;
  message: string;
}

export type Verdict = "confirmed" | "contradicted" | "not exercised";

export interface PointVerdict {
  point: InferredPoint;
  verdict: Verdict;
  /** Answers that held it. */
  confirmations: number;
  /** Answers that contradicted it (the first few, with evidence). */
  contradictions: number;
  evidence: Evidence[];
  /** For a contradiction: the spec file and the change to make. */
  change?: string;
}

const BODY_EXCERPT = 300;
const EVIDENCE_KEPT = 3;

export interface Exchange {
  title: string;
  prepared: PreparedRequest;
  status: number;
  text: string;
}

export class InferredEvidence {
  private readonly confirmed = new Map<string, number>();
  private readonly contradicted = new Map<string, Evidence[]>();
  /** Distinct answers (case or step, request, status) that contradicted each point. */
  private readonly answers = new Map<string, Set<string>>();

  constructor(private readonly secrets: readonly string[]) {}

  confirm(points: readonly string[]): void {
    for (const p of points) this.confirmed.set(p, (this.confirmed.get(p) ?? 0) + 1);
  }

  contradict(points: readonly string[], exchange: Exchange, check: string, message: string): void {
    const url = new URL(exchange.prepared.url);
    const evidence: Evidence = {
      title: exchange.title,
      method: exchange.prepared.method,
      path: redact(`${url.pathname}${url.search}`, this.secrets),
      status: exchange.status,
      body: redact(exchange.text.slice(0, BODY_EXCERPT), this.secrets),
      check,
      message: redact(message, this.secrets).slice(0, 500),
    };
    // Several checks of one answer (schema, error code, the proxy's report) are one piece of evidence.
    const answer = `${evidence.title} ${evidence.method} ${evidence.path} ${evidence.status}`;
    for (const p of points) {
      const seen = this.answers.get(p) ?? new Set<string>();
      if (seen.has(answer)) continue;
      seen.add(answer);
      this.answers.set(p, seen);
      const list = this.contradicted.get(p) ?? [];
      if (list.length < EVIDENCE_KEPT) list.push(evidence);
      this.contradicted.set(p, list);
    }
  }

  /** Ids of the points contradicted so far. */
  contradictedIds(): string[] {
    return [...this.contradicted.keys()];
  }

  /** One verdict per checkable point of the ledger for `apis` (operation summaries are left out). */
  verdicts(apis: readonly LedgerApiId[]): PointVerdict[] {
    return inferredLedger({ apis })
      .filter((point) => point.kind !== "operation")
      .map((point) => {
        const evidence = this.contradicted.get(point.id) ?? [];
        const confirmations = this.confirmed.get(point.id) ?? 0;
        const verdict: Verdict =
          evidence.length > 0 ? "contradicted" : confirmations > 0 ? "confirmed" : "not exercised";
        return {
          point,
          verdict,
          confirmations,
          contradictions: this.answers.get(point.id)?.size ?? 0,
          evidence,
          ...(verdict === "contradicted" ? { change: specChange(point, evidence[0]!) } : {}),
        };
      });
  }
}

export function verdictCounts(verdicts: readonly PointVerdict[]): Record<Verdict, number> & { total: number } {
  const counts = { confirmed: 0, contradicted: 0, "not exercised": 0, total: verdicts.length };
  for (const v of verdicts) counts[v.verdict]++;
  return counts;
}
