import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { fastAccept } from '../../src/telemetry/fast-accept.js';
import { telemetryEventSchema } from '../../src/telemetry/index.js';

// Values that sit on and around every bound of the schemas, plus wrong types.
const edgy = fc.oneof(
  fc.constantFrom(undefined, null, true, false, '', 'x', 'completed', 'failed', 'stopped', 'ok', 0, -0, 1, -1, 0.5,
    1e12, 1e12 + 1, 1e15, 1e15 + 2, -1e15, 2 ** 53, 2 ** 53 + 2, Infinity, -Infinity, [], {}),
  fc.string({ maxLength: 3 }),
  fc.string({ minLength: 60, maxLength: 70 }),
  fc.string({ minLength: 250, maxLength: 260 }),
  fc.double(), fc.integer(),
);
/** Mostly valid, sometimes an edge value: keeps both accepted and rejected inputs frequent. */
const mostly = <T,>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: edgy, weight: 1 });
const item = fc.record({
  id: mostly(fc.oneof(fc.string({ maxLength: 4 }), fc.integer())),
  base: mostly(fc.boolean()), model: mostly(fc.boolean()),
  extra: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
}, { requiredKeys: ['id', 'base', 'model'] });
const event = fc.record({
  v: fc.constant(1),
  type: fc.constantFrom('train', 'probe', 'eval', 'end'),
  run: mostly(fc.string({ minLength: 1, maxLength: 8 })),
  step: mostly(fc.integer({ min: 0, max: 1e6 })),
  seq: mostly(fc.integer({ min: 1, max: 1e6 })),
  loss: mostly(fc.double({ min: -10, max: 10, noNaN: true })),
  grad_norm: mostly(fc.constant(null)), lr: mostly(fc.double({ min: 0, max: 1, noNaN: true })), eval_loss: edgy,
  ts: mostly(fc.constant('2026-06-01T12:00:00Z')),
  split: mostly(fc.constant('heldout')),
  status: mostly(fc.constantFrom('completed', 'failed', 'stopped')),
  items: mostly(fc.array(item, { maxLength: 5 })),
  note: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
}, { requiredKeys: ['v', 'type'] });

describe('fastAccept never accepts what zod rejects, and returns what zod returns (fast-check, 3000 runs, seed 11)', () => {
  it('agrees with telemetryEventSchema', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(event, (ev) => {
      const obj = JSON.parse(JSON.stringify(ev)) as Record<string, unknown>; // as it arrives off the wire
      const fast = fastAccept(obj.type as string, obj);
      if (fast === undefined) { rejected++; return; }
      accepted++;
      const z = telemetryEventSchema.safeParse(JSON.parse(JSON.stringify(ev)));
      expect(z.success).toBe(true);
      if (z.success) expect(fast).toEqual(z.data);
    }), { numRuns: 3000, seed: 11 });
    expect(accepted).toBeGreaterThan(300); // the property was exercised on accepted events
    expect(rejected).toBeGreaterThan(300); // ... and on inputs the fast path refused
  });
  it('accepts every well-formed hot event (so the fast path is actually used)', () => {
    const good = [
      { v: 1, type: 'train', run: 'r', step: 1, loss: 1, grad_norm: null, lr: 1e-4 },
      { v: 1, type: 'probe', run: 'r', step: 1, seq: 1, items: [{ id: 7, base: true, model: false }] },
      { v: 1, type: 'eval', run: 'r', step: 1, split: 'heldout', items: [{ id: 'a', base: true, model: true }] },
      { v: 1, type: 'end', run: 'r', step: 1, status: 'stopped' },
    ];
    for (const g of good) expect(fastAccept(g.type, g)).toEqual(telemetryEventSchema.parse(g));
  });
});

describe('fastAccept on every bound: each field of each hot type set to each edge value', () => {
  const edges: unknown[] = [undefined, null, true, '', 'x', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(256), 'x'.repeat(257),
    0, -1, 0.5, 1, 1e12, 1e12 + 1, 1e15, 1e15 + 2, -1e15, -1e15 - 2, 2 ** 53, 2 ** 53 + 2, Infinity, [], {}, 'completed'];
  const bases: Record<string, Record<string, unknown>> = {
    train: { v: 1, type: 'train', run: 'r', step: 1, loss: 1, grad_norm: 1, lr: 1, eval_loss: 1, ts: 't' },
    probe: { v: 1, type: 'probe', run: 'r', step: 1, seq: 1, ts: 't', items: [{ id: 'a', base: true, model: false }] },
    eval: { v: 1, type: 'eval', run: 'r', step: 1, split: 's', items: [{ id: 1, base: true, model: false }] },
    end: { v: 1, type: 'end', run: 'r', step: 1, status: 'failed' },
  };
  for (const [type, base] of Object.entries(bases)) {
    it(type, () => {
      const fields = [...Object.keys(base).filter((k) => k !== 'v' && k !== 'type' && k !== 'items'), 'items.id', 'items.base', 'items.model'];
      for (const field of fields) {
        if (field.startsWith('items.') && base.items === undefined) continue;
        for (const value of edges) {
          const obj = structuredClone(base);
          if (field.startsWith('items.')) ((obj.items as Array<Record<string, unknown>>)[0]!)[field.slice(6)] = value;
          else obj[field] = value;
          const fast = fastAccept(type, obj);
          const z = telemetryEventSchema.safeParse(structuredClone(obj));
          if (fast !== undefined) {
            expect({ field, value, ok: z.success }).toEqual({ field, value, ok: true });
            if (z.success) expect(fast).toEqual(z.data);
          }
        }
      }
    });
  }
});
