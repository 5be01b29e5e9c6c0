/**
 * Minimal protocol-buffers wire-format reader (https://protobuf.dev/programming-guides/encoding/):
 * varints, 64- and 32-bit fixed fields, length-delimited fields; unknown fields are skipped by wire
 * type. Enough to decode TensorBoard's Event/Summary/TensorProto without generated code.
 * Every read is bounds-checked and throws {@link ProtoError} on malformed input.
 */

/** A malformed protobuf message (caught by the TensorBoard adapter and reported as an issue). */
export class ProtoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtoError';
  }
}

/** Wire types of the encoding. */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** A cursor over one message's bytes. */
export class ProtoReader {
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, start = 0, end = bytes.length) {
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** True while bytes remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** A varint as a JS number; exact up to 2^53, throws beyond (steps never get there). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('varint runs past the end of the message');
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) throw new ProtoError('varint exceeds 2^53');
        return result;
      }
      scale *= 128;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  /** A field key: field number and wire type. */
  key(): { field: number; wire: number } {
    const k = this.varint();
    return { field: Math.floor(k / 8), wire: k % 8 };
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new ProtoError(`field needs ${n} bytes, ${this.end - this.pos} left`);
  }

  /** A little-endian IEEE 754 double (wire type I64). */
  double(): number {
    this.need(8);
    const x = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return x;
  }

  /** A little-endian IEEE 754 float (wire type I32). */
  float(): number {
    this.need(4);
    const x = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return x;
  }

  /** The bounds of a length-delimited field; the cursor moves past it. */
  len(): { start: number; end: number } {
    const n = this.varint();
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return { start, end: this.pos };
  }

  /** A sub-reader over a length-delimited field. */
  sub(): ProtoReader {
    const { start, end } = this.len();
    return new ProtoReader(this.bytes, start, end);
  }

  /** A UTF-8 string field. */
  string(): string {
    const { start, end } = this.len();
    return new TextDecoder().decode(this.bytes.subarray(start, end));
  }

  /** Skip one field's value by wire type. */
  skip(wire: number): void {
    if (wire === WIRE.VARINT) this.varint();
    else if (wire === WIRE.I64) { this.need(8); this.pos += 8; }
    else if (wire === WIRE.LEN) this.len();
    else if (wire === WIRE.I32) { this.need(4); this.pos += 4; }
    else throw new ProtoError(`unsupported wire type ${wire}`);
  }
}
