// Building blocks of the JSON Schemas. Each schema is typed with ajv's JSONSchemaType<T>, so a schema that
// disagrees with src/types.ts (a missing property, a wrong type) is a compile error. JSONSchemaType wants
// `nullable: true` on optional properties; `strictOptional()` removes it before compiling, so an optional
// field may be absent but never null.
import type { JSONSchemaType } from 'ajv';
import type { GpmMetrics, LatencyStats, Mode, WorkloadRef } from '../types.js';

export type Schema<T> = JSONSchemaType<T>;

export const MODES: readonly Mode[] = ['timeslice', 'mps', 'streams'];

/** `model@b<batch>s<seq>` */
export const WORKLOAD_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*@b[0-9]+s[0-9]+$';

export const num = { type: 'number' } as const;
export const nonNeg = { type: 'number', minimum: 0 } as const;
export const fraction = { type: 'number', minimum: 0, maximum: 1 } as const;
export const str = { type: 'string' } as const;
export const int = { type: 'integer', minimum: 0 } as const;

export const workloadRef: Schema<WorkloadRef> = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: WORKLOAD_ID_PATTERN },
    model: { type: 'string', minLength: 1 },
    batch: { type: 'integer', minimum: 1 },
    seq: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'model', 'batch', 'seq'],
};

export const latencyStats: Schema<LatencyStats> = {
  type: 'object',
  properties: { mean: nonNeg, p50: nonNeg, p99: nonNeg, min: nonNeg, max: nonNeg },
  required: ['mean', 'p50', 'p99', 'min', 'max'],
};

export const gpmMetrics: Schema<GpmMetrics> = {
  type: 'object',
  properties: {
    smUtil: fraction,
    smOccupancy: fraction,
    tensorUtil: fraction,
    dramBwUtil: fraction,
    smClockMHz: opt(nonNeg),
    powerW: opt(nonNeg),
    clockCappedFraction: opt(fraction),
  },
  required: ['smUtil', 'smOccupancy', 'tensorUtil', 'dramBwUtil'],
};

export const numPair = {
  type: 'array',
  items: [num, num],
  minItems: 2,
  maxItems: 2,
} as const satisfies Schema<[number, number]>;

/** `{ entries: T[] }`, the layout of solo.json, kernels.json, pairs.json and openloop.json. */
export function entriesOf<T>(item: Schema<T>): Schema<{ entries: T[] }> {
  return {
    type: 'object',
    properties: { entries: { type: 'array', items: item } },
    required: ['entries'],
  } as Schema<{ entries: T[] }>;
}

/** Marks an optional property for JSONSchemaType (removed again by strictOptional). */
export function opt<S extends object>(s: S): S & { nullable: true } {
  return { ...s, nullable: true };
}

/** A deep copy without `nullable` keywords: optional properties may be absent, not null. */
export function strictOptional(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictOptional);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' && typeof v === 'boolean') continue;
    out[k] = strictOptional(v);
  }
  return out;
}
