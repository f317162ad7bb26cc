/**
 * Hash partitioning of IDs into lanes. Every operation on a given ID goes to the same lane, and a
 * lane sends its chunks one after another, so two actions on one ID can never race each other across
 * concurrent requests.
 */
import { hashId } from "../../shared/fnv1a.js";

export function laneOf(id: string, laneCount: number): number {
  return laneCount === 1 ? 0 : hashId(id) % laneCount;
}
