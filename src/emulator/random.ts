/**
 * Seeded pseudo-random numbers (sfc32), so a run with the same seed and the same request order
 * injects the same faults and hands out the same tokens.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** 32 lowercase hexadecimal characters, shaped like Batch's indexing tokens. */
  hex32(): string;
}

export function seededRandom(seed: number): Random {
  // Spread the seed over four words with splitmix32 so nearby seeds give unrelated streams.
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  return {
    next: () => nextU32() / 0x1_0000_0000,
    hex32: () => {
      let out = "";
      for (let i = 0; i < 4; i++) out += nextU32().toString(16).padStart(8, "0");
      return out;
    },
  };
}
