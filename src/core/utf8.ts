/**
 * Strict UTF-8 decoding for files users hand the CLI. Node's default decoding turns every
 * invalid byte into U+FFFD, so a Latin-1 or Windows-1252 spreadsheet export would be read
 * without complaint and its names silently mangled; this says where the first bad byte is.
 */

export interface InvalidUtf8 {
  /** Zero-based offset of the first byte that is not valid UTF-8. */
  offset: number;
  /** One-based line it is on. */
  line: number;
  byte: number;
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Length of the valid sequence starting at i, or 0 when it is not valid UTF-8 (RFC 3629, table 3-7 of Unicode). */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

function firstInvalid(b: Uint8Array): InvalidUtf8 {
  let line = 1;
  for (let i = 0; i < b.length;) {
    const n = sequenceLength(b, i);
    if (n === 0) return { offset: i, line, byte: b[i]! };
    if (b[i] === 0x0a) line++;
    i += n;
  }
  // The decoder refused it, so a bad sequence exists; this point is not reached.
  return { offset: b.length, line, byte: 0 };
}

export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | ({ ok: false } & InvalidUtf8) {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    return { ok: false, ...firstInvalid(bytes) };
  }
}
