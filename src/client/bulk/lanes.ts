/**
 * Hash partitioning of IDs into lanes. Every operation on a given ID goes to the same lane, and a
 * lane sends its chunks one after another, so two actions on one ID can never race each other across
 * concurrent requests.
 */

/** 32-bit FNV-1a over UTF-16 code units: fast, stable across runs, good spread for short IDs. */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function laneOf(id: string, laneCount: number): number {
  return laneCount === 1 ? 0 : hashId(id) % laneCount;
}
