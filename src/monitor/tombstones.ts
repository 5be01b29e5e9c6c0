/**
 * What the monitor keeps of a finished run: a compact tombstone (last applied seq and a digest of
 * its verdict), enough for exactly-once (any later event of that run is a duplicate, never a new
 * run) and nothing of the detector state. Tombstones live in a bounded LRU, so a monitor left
 * running for weeks holds memory for its live runs only; with a state store they are also
 * persisted there (a compact row in place of the full state), and a restart reloads them.
 */

/** A finished run's tombstone. */
export interface Tombstone {
  /** The last probe seq applied in order. */
  lastSeq: number;
  /** A digest of its verdict line: `T`/`-` (TBDL), `A`/`-` (alarm), then an FNV-1a hash (hex). */
  digest: string;
  /** Set when it was reloaded from the state store (a later event is the monitor's own re-read). */
  restored?: true;
}

/**
 * The digest of a verdict line (or of a failure reason when the run could not be closed).
 * FNV-1a 32-bit over the line's JSON text.
 * @example verdictDigest({ type: 'verdict', tbdl: true, alarm: 'collapse' }) // 'TA-1a2b3c4d'
 */
export function verdictDigest(line: { [k: string]: unknown } | string): string {
  const text = typeof line === 'string' ? line : JSON.stringify(line);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  const flags = typeof line === 'string' ? '!!' : `${line.tbdl === true ? 'T' : '-'}${line.alarm !== null && line.alarm !== undefined ? 'A' : '-'}`;
  return `${flags}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * A bounded least-recently-used map (Map insertion order; a hit moves the key to the end).
 * @example const lru = new Lru<number>(2); lru.set('a', 1); lru.set('b', 2); lru.set('c', 3); lru.has('a') // false
 */
export class Lru<V> {
  private readonly map = new Map<string, V>();

  /** @param capacity the most entries kept (>= 0; 0 keeps nothing). */
  constructor(readonly capacity: number) {}

  /** The value of `key` (refreshing it), or undefined. */
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }

  /** The value of `key` without refreshing it. */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Stores `key`, evicting the least recently used entries past the capacity. */
  set(key: string, value: V): void {
    this.map.delete(key);
    if (this.capacity <= 0) return;
    this.map.set(key, value);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
    }
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.map.delete(key);
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }

  /** Keys, least recently used first. */
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
}
