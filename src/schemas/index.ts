// The schema registry: one JSON Schema per kind of data file, compiled with ajv on first use (once per kind).
//
//   validateData('pairs', json, 'calibration/h200/pairs.json')  -> typed data, or throws
//   ColocError('calibration/h200/pairs.json: entries/3/slowdown: must be array', 2)
//
// Other modules add kinds with registerSchema(kind, schema) and, for a typed result, augment SchemaTypes:
//   declare module '../schemas/index.js' { interface SchemaTypes { model: FittedModel } }
// The built-in kinds use validators precompiled by ajv (src/schemas/precompiled.ts, regenerated with
// `npm run build && node scripts/gen-validators.mjs`; a test fails when it is stale), so reading a calibration
// does not pay for loading ajv and compiling (~100-200 ms here). A precompiled validator is used only while
// its schema hash matches; otherwise, and for kinds registered at run time, ajv is loaded on first use.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ColocError, EXIT } from '../errors.js';
import type {
  CalibrationMeta,
  KernelSummary,
  OpenLoopMeasurement,
  PairMeasurement,
  SoloProfile,
  ValidationRun,
} from '../types.js';
import {
  kernelsFileSchema,
  metaSchema,
  openLoopFileSchema,
  pairsFileSchema,
  soloFileSchema,
} from './calibration.js';
import { catalogSchema, type CatalogFile } from './catalog.js';
import { strictOptional } from './common.js';
import { PRECOMPILED_HASHES, PRECOMPILED_SOURCE } from './precompiled.js';
import { validationRunSchema } from './validation.js';

export type { CatalogFile } from './catalog.js';

/** Kind -> the type a valid file of that kind has. Augment it when you register a kind. */
export interface SchemaTypes {
  meta: CalibrationMeta;
  solo: { entries: SoloProfile[] };
  kernels: { entries: KernelSummary[] };
  pairs: { entries: PairMeasurement[] };
  openloop: { entries: OpenLoopMeasurement[] };
  catalog: CatalogFile;
  validation: ValidationRun;
}

/** The kinds whose validators are precompiled (add a kind here to have it precompiled too). */
export const BUILTIN_SCHEMAS: Record<string, object> = {
  meta: metaSchema,
  solo: soloFileSchema,
  kernels: kernelsFileSchema,
  pairs: pairsFileSchema,
  openloop: openLoopFileSchema,
  catalog: catalogSchema,
  validation: validationRunSchema,
};

/** ajv options, shared by run-time compilation and the precompiled validators. */
export const AJV_OPTIONS = { allErrors: false, strict: true, strictTuples: true, allowUnionTypes: false } as const;

/** The schema as compiled: optional properties may be absent but not null. */
export function compiledSchema(kind: string): object {
  return strictOptional(schemaFor(kind)) as object;
}

export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

const schemas = new Map<string, object>(Object.entries(BUILTIN_SCHEMAS));
let precompiled: Record<string, ValidateFunction | undefined> | undefined;
let precompiledEnabled = true;

/** Tests switch the precompiled validators off to check that run-time ajv gives the same verdicts. */
export function usePrecompiled(on: boolean): void {
  precompiledEnabled = on;
  compiled.clear();
}

/** The precompiled validator of a kind, when its schema hash still matches. */
function precompiledFor(kind: string, schema: object): ValidateFunction | undefined {
  if (!precompiledEnabled || PRECOMPILED_HASHES[kind] !== schemaHash(schema)) return undefined;
  if (!precompiled) {
    const exports: Record<string, ValidateFunction> = {};
    const require = createRequire(import.meta.url);
    // Same mechanism ajv uses for the code it generates at run time, done once at build time instead.
    new Function('require', 'exports', 'module', PRECOMPILED_SOURCE)(require, exports, { exports });
    precompiled = exports;
  }
  return precompiled[kind];
}
const compiled = new Map<string, ValidateFunction>();

/** Adds (or replaces) the schema of a kind, e.g. registerSchema('model', fittedModelSchema). */
export function registerSchema(kind: string, schema: object): void {
  schemas.set(kind, schema);
  compiled.delete(kind);
}

export function schemaKinds(): string[] {
  return [...schemas.keys()];
}

/** The schema as registered (optional properties still carry `nullable`, see schemas/common.ts). */
export function schemaFor(kind: string): object {
  const s = schemas.get(kind);
  if (!s) throw new ColocError(`no schema registered for '${kind}' (known: ${schemaKinds().join(', ')})`);
  return s;
}

type AjvInstance = InstanceType<typeof import('ajv').Ajv>;
let ajv: AjvInstance | undefined;

function getAjv(): AjvInstance {
  if (!ajv) {
    const require = createRequire(import.meta.url);
    const { Ajv } = require('ajv') as typeof import('ajv');
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}

function validatorFor(kind: string): ValidateFunction {
  let v = compiled.get(kind);
  if (!v) {
    const schema = compiledSchema(kind);
    v = precompiledFor(kind, schema) ?? getAjv().compile(schema);
    compiled.set(kind, v);
  }
  return v;
}

/** Checks `data` against the schema of `kind`; returns it typed, or throws ColocError (exit 2) `file: field: what`. */
export function validateData<K extends keyof SchemaTypes>(kind: K, data: unknown, fileLabel: string): SchemaTypes[K];
export function validateData(kind: string, data: unknown, fileLabel: string): unknown;
export function validateData(kind: string, data: unknown, fileLabel: string): unknown {
  const validate = validatorFor(kind);
  if (validate(data)) return data;
  const first = validate.errors?.[0];
  throw new ColocError(`${fileLabel}: ${first ? describeError(first, data) : 'does not match its schema'}`, EXIT.usage);
}

/** `entries/3/slowdown: must be array` */
export function describeError(e: ErrorObject, data: unknown): string {
  let path = e.instancePath.replace(/^\//, '').replace(/~1/g, '/').replace(/~0/g, '~');
  let what = e.message ?? 'is invalid';
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    path = path ? `${path}/${missing}` : missing;
    what = 'is missing';
  } else if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    what = `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(valueAt(data, e.instancePath))})`;
  } else if (e.keyword === 'const') {
    what = `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)} (got ${JSON.stringify(valueAt(data, e.instancePath))})`;
  } else if (e.keyword === 'type') {
    const got = valueAt(data, e.instancePath);
    what = `${what} (got ${got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got})`;
  }
  return `${path || '(top level)'}: ${what}`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
