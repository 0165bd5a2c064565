// Near-identical text: a 64-bit SimHash over the words (segmented as search segments them, so
// Khmer and Thai count word by word) and word pairs. Two stories within MAX_DISTANCE bits are the
// same; by pigeonhole, such a pair shares at least one of the four 16-bit bands exactly, which is
// what the indexed lookup asks for.
import { wordsOf } from '../search/segment.ts';

export const MAX_DISTANCE = 3;
/** Fewer words than this say too little to call two texts the same. */
export const MIN_WORDS = 12;

export interface Fingerprint {
  hex: string;
  bands: [number, number, number, number];
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

function fnv1a64(text: string): bigint {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * FNV_PRIME) & MASK;
  }
  return h;
}

/** The fingerprint of a text, or null when it has too few words to compare. */
export function simhash(text: string): Fingerprint | null {
  const words = wordsOf(text).split(' ').filter(Boolean);
  if (words.length < MIN_WORDS) return null;
  const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
  const counts = new Array<number>(64).fill(0);
  for (const feature of features) {
    const h = fnv1a64(feature);
    for (let bit = 0; bit < 64; bit++) counts[bit]! += (h >> BigInt(bit)) & 1n ? 1 : -1;
  }
  let value = 0n;
  for (let bit = 0; bit < 64; bit++) if (counts[bit]! > 0) value |= 1n << BigInt(bit);
  return fromHex(value.toString(16).padStart(16, '0'));
}

export function fromHex(hex: string): Fingerprint {
  const bands = [0, 1, 2, 3].map((i) =>
    Number.parseInt(hex.slice(i * 4, i * 4 + 4), 16),
  ) as Fingerprint['bands'];
  return { hex, bands };
}

export function distance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    x &= x - 1n;
    n++;
  }
  return n;
}
