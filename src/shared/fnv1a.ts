/**
 * 32-bit FNV-1a over UTF-16 code units: fast, stable across runs, machines and versions, good
 * spread for short IDs. The bulk upload's lanes and the CLI's `--shard` both hash IDs with it.
 */
export function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
