import { convertToByteString } from "./convert-to-byte-string.js";
import type { BytePairRanks } from "./parse-byte-pair-ranks.js";

const NO_RANK = -1; // as in BytePairRanks.twoByteRanks
const DEAD = -2;
// A heap entry packs (rank, start) into one double: rank * 2^32 + start orders by rank, then leftmost start, and stays
// exact while rank < 2^21 (o200k_base has about 200,000 ranks).
const START_SPAN = 2 ** 32;

/**
 * Byte-pair encodes one pre-tokenized piece in O(n log n): the same merges, in the same order, as js-tiktoken's
 * `bytePairMerge` (lowest rank first, leftmost on ties), hence the same token ids, without its rescan of every pair
 * after each merge, which makes a 10,000-character piece take seconds.
 *
 * @example
 * const ranks = parseBytePairRanks(o200kBase.bpe_ranks);
 * encodeBytePairs("a".repeat(10_000), ranks).length; // equals encoder.encode("a".repeat(10_000)).length
 */
export function encodeBytePairs(piece: string, bytePairRanks: BytePairRanks): number[] {
  const bytes = convertToByteString(piece);
  const { ranks } = bytePairRanks;
  const whole = ranks.get(bytes);
  if (whole !== undefined) return [whole];
  const ends = mergeBytePairs(bytes, bytePairRanks);
  const tokens: number[] = [];
  for (let start = 0; start < bytes.length; start = ends[start] ?? bytes.length) {
    const rank = ranks.get(bytes.slice(start, ends[start]));
    // js-tiktoken drops parts without a rank; every single byte has one in the bundled encodings.
    if (rank !== undefined) tokens.push(rank);
  }
  return tokens;
}

/** Merges byte pairs with a min-heap of (rank, start) over a linked list of parts; returns each part's end by start. */
function mergeBytePairs(bytes: string, { ranks, longestToken, twoByteRanks }: BytePairRanks): Int32Array {
  const length = bytes.length;
  const ends = new Int32Array(length);
  const previous = new Int32Array(length);
  // The rank of the pair that starts at each part (NO_RANK when it has none), DEAD once the part is merged away.
  const pairRanks = new Int32Array(length);
  const rankOf = (start: number, end: number): number =>
    end - start > longestToken ? NO_RANK : (ranks.get(bytes.slice(start, end)) ?? NO_RANK);
  const initial = new Float64Array(length);
  let count = 0;
  for (let start = 0; start < length; start++) {
    ends[start] = start + 1;
    previous[start] = start - 1;
    const pair = (bytes.charCodeAt(start) << 8) | bytes.charCodeAt(start + 1);
    const rank = start + 1 < length ? (twoByteRanks[pair] as number) : NO_RANK;
    pairRanks[start] = rank;
    if (rank !== NO_RANK) initial[count++] = rank * START_SPAN + start;
  }
  const heap = new MinHeap(initial, count);
  const updatePair = (start: number): void => {
    const next = ends[start] as number;
    const rank = next < length ? rankOf(start, ends[next] as number) : NO_RANK;
    pairRanks[start] = rank;
    if (rank !== NO_RANK) heap.push(rank * START_SPAN + start);
  };
  while (heap.size > 0) {
    const key = heap.pop();
    // Division by a power of two is exact; `%` on doubles would call fmod, several times slower.
    const rank = Math.floor(key / START_SPAN);
    const start = key - rank * START_SPAN;
    // Stale entries are skipped: a pair's bytes only grow, and ranks are unique per byte sequence, so an entry whose
    // rank still matches its start's current pair is that pair.
    if (pairRanks[start] !== rank) continue;
    const merged = ends[start] as number;
    const after = ends[merged] as number;
    ends[start] = after;
    pairRanks[merged] = DEAD;
    if (after < length) previous[after] = start;
    updatePair(start);
    const before = previous[start] as number;
    if (before >= 0) updatePair(before);
  }
  return ends;
}

/**
 * A 4-ary min-heap of doubles in a growable typed array: half the depth of a binary heap, and the four children of a
 * node share a cache line, which matters with a million entries.
 */
class MinHeap {
  private items: Float64Array;
  size: number;

  /** Takes the initial values as they are and orders them in O(n). */
  constructor(values: Float64Array, count: number) {
    this.items = values;
    this.size = count;
    for (let index = (count - 2) >> 2; index >= 0; index--) this.siftDown(index, values[index] as number);
  }

  push(value: number): void {
    if (this.size === this.items.length) {
      const grown = new Float64Array(Math.max(16, this.items.length * 2));
      grown.set(this.items);
      this.items = grown;
    }
    const items = this.items;
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 2;
      const parentValue = items[parent] as number;
      if (parentValue <= value) break;
      items[index] = parentValue;
      index = parent;
    }
    items[index] = value;
  }

  pop(): number {
    const top = this.items[0] as number;
    const size = --this.size;
    if (size > 0) this.siftDown(0, this.items[size] as number);
    return top;
  }

  private siftDown(from: number, value: number): void {
    const items = this.items;
    const size = this.size;
    let index = from;
    for (;;) {
      const first = 4 * index + 1;
      if (first >= size) break;
      let child = first;
      let childValue = items[first] as number;
      const last = Math.min(first + 4, size);
      for (let other = first + 1; other < last; other++) {
        const otherValue = items[other] as number;
        if (otherValue < childValue) {
          child = other;
          childValue = otherValue;
        }
      }
      if (childValue >= value) break;
      items[index] = childValue;
      index = child;
    }
    items[index] = value;
  }
}
