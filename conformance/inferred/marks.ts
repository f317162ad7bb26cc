/**
 * Where a bundle's inferred points are, for the checks: which point (if any) a schema keyword, a
 * response, an example or a header rests on, following the ledger's rule (a node's own
 * `x-batch-inferred` entry, else the nearest marked node that contains it; operation marks only
 * summarise). Also knows the `oneOf`/`anyOf` branches, so errors of a branch the value was never
 * meant for can be told apart.
 */
import { kindOf } from "../../src/shared/inferred/extract.js";
import { fromPointer, pointId, refPointer, toPointer } from "../../src/shared/inferred/pointer.js";
import type { Json, SpecIndex } from "../support/spec.js";

const BRANCHING = new Set(["oneOf", "anyOf", "allOf"]);

export interface InferredMarks {
  api: SpecIndex["api"];
  /** Pointer of a node of the bundle (by identity), e.g. `/components/schemas/Audience`. */
  pointerOf(node: unknown): string | undefined;
  nodeAt(pointer: string): Json | undefined;
  /** The point a keyword of the node at `pointer` rests on, or undefined when it is documented. */
  pointFor(pointer: string, keyword?: string): string | undefined;
  /** Whole-node marks along a `$ref` chain (a response, an example, a header). */
  markedInChain(pointer: string): string[];
  /** Pointers of `oneOf` / `anyOf` branches (after `$ref`), longest first. */
  branches: readonly string[];
  /** The points marked on the node at `pointer` itself (whole node and `x-batch-inferred` keywords). */
  pointsAt(pointer: string): string[];
}

export function buildMarks(index: SpecIndex): InferredMarks {
  const document = index.document;
  const pointers = new WeakMap<object, string>();
  const branchSet = new Set<string>();
  const walk = (node: unknown, segments: string[]) => {
    if (!node || typeof node !== "object") return;
    pointers.set(node, toPointer(segments));
    const json = node as Json;
    for (const combinator of ["oneOf", "anyOf"])
      if (Array.isArray(json[combinator]))
        (json[combinator] as Json[]).forEach((branch, i) => {
          const ref = typeof branch?.$ref === "string" ? refPointer(branch.$ref) : undefined;
          branchSet.add(ref ?? toPointer([...segments, combinator, String(i)]));
        });
    for (const [key, child] of Object.entries(json)) {
      if (key === "x-batch-inferred") continue;
      walk(child, [...segments, key]);
    }
  };
  walk(document, []);
  const nodeAt = (pointer: string): Json | undefined =>
    fromPointer(pointer).reduce<Json | undefined>((node, s) => node?.[s] as Json | undefined, document);

  const pointFor = (pointer: string, keyword?: string): string | undefined => {
    const segments = fromPointer(pointer);
    const own = nodeAt(pointer)?.["x-batch-inferred"] as Json | undefined;
    if (keyword !== undefined && own?.[keyword] !== undefined) return pointId(index.api, pointer, keyword);
    for (let i = segments.length; i >= 0; i--) {
      const ancestor = toPointer(segments.slice(0, i));
      const node = nodeAt(ancestor);
      const entries = node?.["x-batch-inferred"] as Json | undefined;
      // A keyword covers the subschemas under it (propertyNames → its pattern), except a
      // combinator's: an error inside one of its branches belongs to that branch.
      const below = segments[i];
      if (below !== undefined && entries?.[below] !== undefined && !BRANCHING.has(below))
        return pointId(index.api, ancestor, below);
      if (node?.["x-batch-source"] === "documented") return undefined;
      if (node?.["x-batch-source"] === "inferred" && kindOf(segments.slice(0, i)) !== "operation")
        return pointId(index.api, ancestor);
    }
    return undefined;
  };

  const markedInChain = (pointer: string): string[] => {
    const out: string[] = [];
    let current = pointer;
    for (let depth = 0; depth < 10; depth++) {
      const node = nodeAt(current);
      if (!node) break;
      if (node["x-batch-source"] === "inferred") out.push(pointId(index.api, current));
      const next = typeof node.$ref === "string" ? refPointer(node.$ref) : undefined;
      if (next === undefined) break;
      current = next;
    }
    return out;
  };

  const pointsAt = (pointer: string): string[] => {
    const node = nodeAt(pointer);
    if (!node) return [];
    const whole = node["x-batch-source"] === "inferred" ? [pointId(index.api, pointer)] : [];
    const keywords = Object.keys((node["x-batch-inferred"] as Json | undefined) ?? {});
    return [...whole, ...keywords.map((keyword) => pointId(index.api, pointer, keyword))];
  };

  return {
    api: index.api,
    pointerOf: (node) => (node && typeof node === "object" ? pointers.get(node) : undefined),
    nodeAt,
    pointFor,
    markedInChain,
    branches: [...branchSet].sort((a, b) => b.length - a.length),
    pointsAt,
  };
}

const cache = new WeakMap<SpecIndex, InferredMarks>();
export function marksFor(index: SpecIndex): InferredMarks {
  let marks = cache.get(index);
  if (!marks) {
    marks = buildMarks(index);
    cache.set(index, marks);
  }
  return marks;
}
