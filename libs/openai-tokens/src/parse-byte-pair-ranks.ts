/**
 * An encoding's merge ranks keyed by byte string: each key holds one byte per UTF-16 code unit (0-255), the form
 * `atob` returns, so the bytes of any slice of a piece are one `String.prototype.slice` away.
 */
export interface BytePairRanks {
  ranks: ReadonlyMap<string, number>;
  /** The byte length of the longest token; no longer byte sequence can have a rank. */
  longestToken: number;
  /** The rank of each two-byte token at `first << 8 | second`, -1 where none: the first pass looks up every pair. */
  twoByteRanks: Int32Array;
}

/**
 * Parses the `bpe_ranks` text bundled with js-tiktoken (the `TiktokenBPE` data, not its code): one line per run of
 * consecutive ranks, `<label> <first rank> <base64 token> <base64 token> ...`.
 *
 * @example
 * const { ranks } = parseBytePairRanks("! 0 IQ== Ig==\n");
 * ranks.get("!"); // 0
 * ranks.get('"'); // 1
 */
export function parseBytePairRanks(bpeRanks: string): BytePairRanks {
  const ranks = new Map<string, number>();
  const twoByteRanks = new Int32Array(1 << 16).fill(-1);
  let longestToken = 0;
  for (const line of bpeRanks.split("\n")) {
    if (line === "") continue;
    const fields = line.split(" ");
    const firstRank = Number.parseInt(fields[1] ?? "", 10);
    if (!Number.isSafeInteger(firstRank)) throw new Error(`Malformed bpe_ranks line (no rank): ${line.slice(0, 40)}`);
    for (let index = 2; index < fields.length; index++) {
      const token = atob(fields[index] ?? "");
      const rank = firstRank + index - 2;
      ranks.set(token, rank);
      if (token.length === 2) twoByteRanks[(token.charCodeAt(0) << 8) | token.charCodeAt(1)] = rank;
      if (token.length > longestToken) longestToken = token.length;
    }
  }
  return { ranks, longestToken, twoByteRanks };
}
