// Workload ids: `${model}@b${batch}s${seq}`.
import type { WorkloadRef } from '../types.js';

const ID = /^([A-Za-z0-9][A-Za-z0-9_.-]*)@b([0-9]+)s([0-9]+)$/;

export function workloadId(model: string, batch: number, seq: number): string {
  return `${model}@b${batch}s${seq}`;
}

export function makeWorkload(model: string, batch: number, seq: number): WorkloadRef {
  return { id: workloadId(model, batch, seq), model, batch, seq };
}

/** Parses `llama@b1s1024`; undefined when the text is not a workload id. */
export function parseWorkloadId(id: string): WorkloadRef | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const batch = Number(m[2]);
  const seq = Number(m[3]);
  if (!Number.isSafeInteger(batch) || !Number.isSafeInteger(seq) || batch < 1) return undefined;
  return makeWorkload(m[1]!, batch, seq);
}
