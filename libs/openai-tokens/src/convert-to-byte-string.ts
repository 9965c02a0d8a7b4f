const utf8 = new TextEncoder();
const CHUNK = 8192; // code units per String.fromCharCode call, well below the engine's argument-count limit

/**
 * The UTF-8 bytes of a text as a string of one code unit (0-255) per byte, the form the byte-pair ranks are keyed by.
 * Lone surrogates become U+FFFD (EF BF BD), as js-tiktoken's TextEncoder makes them.
 *
 * @example
 * convertToByteString("é!"); // "\u00c3\u00a9!"
 */
export function convertToByteString(text: string): string {
  // Node's latin1 decoding maps each byte to the code unit of the same value, several times faster than the portable
  // loop. (TextDecoder's "latin1" is windows-1252, which remaps 0x80-0x9f, so it cannot stand in.)
  if (typeof Buffer === "function") return Buffer.from(text, "utf8").toString("latin1");
  const encoded = utf8.encode(text);
  const chunks: string[] = [];
  for (let offset = 0; offset < encoded.length; offset += CHUNK) {
    chunks.push(String.fromCharCode(...encoded.subarray(offset, offset + CHUNK)));
  }
  return chunks.join("");
}
