import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkloadId, workloadId } from '../src/data/workload.js';
import { ColocError } from '../src/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import {
  BUILTIN_SCHEMAS,
  compiledSchema,
  registerSchema,
  schemaHash,
  schemaKinds,
  usePrecompiled,
  validateData,
} from '../src/schemas/index.js';
import { PRECOMPILED_HASHES } from '../src/schemas/precompiled.js';
import { generatePrecompiledSource } from '../src/schemas/standalone.js';
import * as S from './helpers/samples.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const clone = <T>(x: T): Json => JSON.parse(JSON.stringify(x)) as Json;
const wrap = (x: unknown) => ({ entries: [x] });

// kind -> [full sample, minimal sample], as the files hold them
const samples: Record<string, [unknown, unknown]> = {
  meta: [S.meta(), S.metaMinimal],
  solo: [wrap(S.solo()), wrap(S.soloMinimal)],
  kernels: [wrap(S.kernels()), wrap(S.kernelsMinimal)],
  pairs: [wrap(S.pair()), wrap(S.pairMinimal)],
  openloop: [wrap(S.openLoop), wrap(S.openLoopMinimal)],
  catalog: [{ workloads: [S.catalogEntry] }, { workloads: [S.catalogEntry] }],
  validation: [S.validationRun, S.validationRunMinimal],
};

/** Every path to an object property in a JSON value. */
function propertyPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => propertyPaths(x, [...prefix, i]));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [[...prefix, k], ...propertyPaths(x, [...prefix, k])]);
}
/** Every path to a leaf (number, string, boolean). */
function leafPaths(v: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...prefix, i]));
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...prefix, k]));
  return [prefix];
}
function edit(v: Json, path: (string | number)[], f: (parent: Record<string | number, Json>, key: string | number) => void): Json {
  const copy = clone(v);
  let cur = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, Json>;
  f(cur, path.at(-1)!);
  return copy;
}
function fails(kind: string, data: unknown): boolean {
  try {
    validateData(kind, data, 'f.json');
    return false;
  } catch (e) {
    expect(e).toBeInstanceOf(ColocError);
    return true;
  }
}

describe('precompiled validators', () => {
  it('src/schemas/precompiled.ts is up to date (else: npm run build && node scripts/gen-validators.mjs)', () => {
    for (const kind of Object.keys(BUILTIN_SCHEMAS)) expect(PRECOMPILED_HASHES[kind], kind).toBe(schemaHash(compiledSchema(kind)));
    const file = readFileSync(join(PACKAGE_ROOT, 'src', 'schemas', 'precompiled.ts'), 'utf8');
    expect(file === generatePrecompiledSource()).toBe(true);
  });
});

describe.each([
  ['precompiled', true],
  ['run-time ajv', false],
])('schemas match src/types.ts (%s validators)', (_label, precompiled) => {
  beforeAll(() => usePrecompiled(precompiled));
  afterAll(() => usePrecompiled(true));

  it('has a sample for every built-in kind', () => {
    expect(Object.keys(samples).sort()).toEqual(schemaKinds().filter((k) => k in samples).sort());
    expect(schemaKinds()).toEqual(expect.arrayContaining(Object.keys(samples)));
  });

  for (const [kind, [full, minimal]] of Object.entries(samples)) {
    describe(kind, () => {
      it('accepts a sample with every optional field and one with only the required ones', () => {
        expect(validateData(kind, clone(full), 'f.json')).toEqual(full);
        expect(validateData(kind, clone(minimal), 'f.json')).toEqual(minimal);
      });

      it('rejects the minimal sample without any one of its (required) properties', () => {
        for (const path of propertyPaths(clone(minimal))) {
          const mutated = edit(clone(minimal), path, (p, k) => {
            if (Array.isArray(p)) return;
            delete p[k];
          });
          expect(fails(kind, mutated), `without ${path.join('/')}`).toBe(true);
        }
      });

      it('rejects a wrong type at every leaf of the full sample', () => {
        for (const path of leafPaths(clone(full))) {
          const mutated = edit(clone(full), path, (p, k) => {
            const v = p[k];
            p[k] = typeof v === 'string' ? 5 : typeof v === 'number' ? 'five' : typeof v === 'boolean' ? 'yes' : 1;
          });
          expect(fails(kind, mutated), `wrong type at ${path.join('/')}`).toBe(true);
        }
      });

      it('rejects null for an optional property', () => {
        const optional = propertyPaths(clone(full)).filter(
          (p) => !propertyPaths(clone(minimal)).some((q) => q.join('/') === p.join('/')),
        );
        for (const path of optional.slice(0, 5)) {
          expect(fails(kind, edit(clone(full), path, (p, k) => (p[k] = null))), `null at ${path.join('/')}`).toBe(true);
        }
      });
    });
  }
});

describe('data files checked once', () => {
  it('a file read again unchanged is not checked again; any change to it is', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { readDataFile } = await import('../src/data/json.js');
    const dir = mkdtempSync(join(tmpdir(), 'coloc-check-'));
    const f = join(dir, 'kernels.json');
    const good = wrap(S.kernels());
    writeFileSync(f, JSON.stringify(good));
    expect(readDataFile(f, 'kernels')).toEqual(good);
    expect(readDataFile(f, 'kernels')).toEqual(good);
    // the same file made invalid: its bytes changed, so it is checked and rejected
    const bad = edit(clone(good), ['entries', 0, 'kernelCount'], (o, k) => (o[k] = 'many'));
    writeFileSync(f, JSON.stringify(bad));
    expect(() => readDataFile(f, 'kernels')).toThrow(/kernelCount/);
    // and another kind's schema for the same bytes is a different check
    writeFileSync(f, JSON.stringify(good));
    expect(() => readDataFile(f, 'pairs')).toThrow(ColocError);
  });
});

describe('validation errors', () => {
  it('name the file, the field and what is wrong, with exit code 2', () => {
    const bad = { entries: [S.pair(), S.pair(), S.pair(), { ...S.pair(), slowdown: 'fast' }] };
    let caught: unknown;
    try {
      validateData('pairs', bad, 'calibration/h200/pairs.json');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ColocError);
    expect((caught as ColocError).exitCode).toBe(2);
    expect((caught as ColocError).message).toBe('calibration/h200/pairs.json: entries/3/slowdown: must be array (got string)');
  });

  it('say which property is missing and which values an enum allows', () => {
    const { status: _s, ...noStatus } = S.pair();
    expect(() => validateData('pairs', wrap(noStatus), 'p.json')).toThrow('p.json: entries/0/status: is missing');
    expect(() => validateData('pairs', wrap({ ...S.pair(), mode: 'vgpu' }), 'p.json')).toThrow(
      'p.json: entries/0/mode: must be one of "timeslice", "mps", "streams" (got "vgpu")',
    );
    expect(() => validateData('meta', { ...S.meta(), schemaVersion: 2 }, 'm.json')).toThrow('m.json: schemaVersion: must be 1 (got 2)');
    expect(() => validateData('catalog', [], 'c.json')).toThrow('c.json: (top level): must be object (got array)');
  });

  it('accept kinds registered by other modules', () => {
    registerSchema('test-model', { type: 'object', properties: { k: { type: 'number' } }, required: ['k'] });
    expect(validateData('test-model', { k: 1 }, 'model.json')).toEqual({ k: 1 });
    expect(() => validateData('test-model', { k: '1' }, 'model.json')).toThrow('model.json: k: must be number (got string)');
    expect(() => validateData('nope', {}, 'x.json')).toThrow(/no schema registered for 'nope'/);
  });
});

describe('property-based', () => {
  const name = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,15}$/);
  it('workload ids round-trip', () => {
    fc.assert(
      fc.property(name, fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 1 << 20 }), (m, b, s) => {
        const id = workloadId(m, b, s);
        expect(parseWorkloadId(id)).toEqual({ id, model: m, batch: b, seq: s });
      }),
    );
  });

  it('a string parses as a workload id only if it prints back to itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[a-z]{1,4}@b[0-9]{1,3}s[0-9]{1,3}$/)), (text) => {
        const ref = parseWorkloadId(text);
        if (ref) expect(workloadId(ref.model, ref.batch, ref.seq)).toBe(text.replace(/@b0+(?=\d)/, '@b').replace(/s0+(?=\d)/, 's'));
      }),
    );
    expect(parseWorkloadId('llama')).toBeUndefined();
    expect(parseWorkloadId('llama@b0s5')).toBeUndefined();
    expect(parseWorkloadId('@b1s5')).toBeUndefined();
  });

  it('pair measurements with any finite numbers survive a JSON round trip and validate', () => {
    const pos = fc.double({ min: 0, max: 1e6, noNaN: true });
    const frac = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom('timeslice', 'mps', 'streams' as const),
        fc.tuple(pos, pos),
        pos,
        fc.record({ smUtil: frac, smOccupancy: frac, tensorUtil: frac, dramBwUtil: frac }),
        (mode, slowdown, spread, gpm) => {
          const p = { ...S.pair(mode as 'mps', spread), slowdown, gpm };
          expect(validateData('pairs', JSON.parse(JSON.stringify(wrap(p))), 'p.json')).toEqual(wrap(p));
        },
      ),
    );
  });
});
