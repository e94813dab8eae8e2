// models/catalog.json: the built-in workloads.
import type { CatalogEntry } from '../types.js';
import { catalogPath } from '../paths.js';
import { readDataFile } from './json.js';
import { makeWorkload } from './workload.js';
import type { WorkloadRef } from '../types.js';

let cached: { workloads: CatalogEntry[]; probes: string[] } | undefined;

function catalogFile(): { workloads: CatalogEntry[]; probes: string[] } {
  if (!cached) {
    const f = readDataFile(catalogPath(), 'catalog');
    cached = { workloads: f.workloads, probes: f.probes ?? [] };
  }
  return cached;
}

/** The catalog's workloads (read and schema-checked once per process). */
export function loadCatalog(): CatalogEntry[] {
  return catalogFile().workloads;
}

/** Ids of the probe workloads: every workload's profile includes its co-runs next to them (src/predictor/probes.ts). */
export function catalogProbes(): string[] {
  return catalogFile().probes;
}

export function catalogEntry(name: string): CatalogEntry | undefined {
  return loadCatalog().find((e) => e.name === name);
}

/** The workload a catalog entry stands for at its default batch and sequence length. */
export function catalogWorkload(entry: CatalogEntry): WorkloadRef {
  return makeWorkload(entry.name, entry.batch, entry.seq);
}

/** A catalog model at another batch size or sequence length than its catalog default (e.g. bert@b64s128). */
export function isSizeVariant(w: WorkloadRef): boolean {
  const e = catalogEntry(w.model);
  return e !== undefined && (e.batch !== w.batch || e.seq !== w.seq);
}
