/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720 appendix B.4) and the "masked"
 * form TFRecord stores (tensorflow/core/lib/hash/crc32c.h: rotate right by 15, add 0xa282ead8).
 * Table-driven, one byte at a time; check value crc32c("123456789") = 0xE3069283.
 */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/**
 * CRC-32C of bytes.
 * @param bytes - data.
 * @param start - first index (default 0).
 * @param end - one past the last index (default bytes.length).
 * @returns the checksum as an unsigned 32-bit integer.
 * @example crc32c(new TextEncoder().encode('123456789')) // 0xe3069283
 */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * The masked CRC-32C that TFRecord writes: `((crc >>> 15) | (crc << 17)) + 0xa282ead8` mod 2^32.
 * @param crc - an unmasked CRC-32C.
 * @returns the masked value (unsigned 32-bit).
 * @example maskCrc(crc32c(bytes))
 */
export function maskCrc(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
