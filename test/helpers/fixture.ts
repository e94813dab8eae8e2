// A small calibration of an "h200": llama (compute-bound), yolo (bandwidth-bound), mobilenet (small kernels)
// a user workload vit-b16 and llama at a shorter sequence (solo only).
import type { CalibrationData, WorkloadRef } from '../../src/types.js';
import * as S from './samples.js';

export const mobilenet: WorkloadRef = { id: 'mobilenet@b64s224', model: 'mobilenet', batch: 64, seq: 224 };
export const vit: WorkloadRef = { id: 'vit-b16@b32s224', model: 'vit-b16', batch: 32, seq: 224 };
/** A catalog model at another size than its default, profiled alone. */
export const llamaShort: WorkloadRef = { id: 'llama@b1s256', model: 'llama', batch: 1, seq: 256 };

export function fixtureCalibration(): CalibrationData {
  const bw = { smUtil: 0.95, smOccupancy: 0.5, tensorUtil: 0.2, dramBwUtil: 0.7 };
  return {
    meta: S.meta('h200'),
    solo: [
      S.solo(S.llama, 5),
      S.solo(S.yolo, 4, bw),
      { ...S.solo(S.yolo, 4.4, bw), context: 'mps' },
      S.solo(mobilenet, 1.5),
      S.solo(vit, 3),
      S.solo(llamaShort, 2),
    ],
    kernels: [S.kernels(S.llama), S.kernels(S.yolo), S.kernels(mobilenet, 40), S.kernels(vit)],
    pairs: [S.pair('timeslice', 0.01), S.pair('timeslice', 0.03), S.pair('mps', 0.02), { ...S.pair('mps'), status: 'failed', reason: 'OOM' }],
    openLoop: [S.openLoop],
  };
}
