// Schema of models/catalog.json.
import type { CatalogEntry } from '../types.js';
import { opt, str, type Schema } from './common.js';

export interface CatalogFile {
  workloads: CatalogEntry[];
  /** Workload ids (name@b<batch>s<seq>) of the probes every workload is co-run with when profiled. */
  probes?: string[];
}

export const catalogEntry: Schema<CatalogEntry> = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
    description: str,
    file: { type: 'string', pattern: '^[A-Za-z0-9_./-]+\\.py$' },
    batch: { type: 'integer', minimum: 1 },
    seq: { type: 'integer', minimum: 0 },
    params: str,
    dtype: { type: 'string', enum: ['fp16', 'bf16', 'fp32', 'fp8', 'int8'] },
  },
  required: ['name', 'description', 'file', 'batch', 'seq', 'params', 'dtype'],
};

export const catalogSchema: Schema<CatalogFile> = {
  type: 'object',
  properties: {
    workloads: { type: 'array', items: catalogEntry, minItems: 1 },
    probes: opt({ type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*@b[1-9][0-9]*s[0-9]+$' }, maxItems: 4 }),
  },
  required: ['workloads'],
};
