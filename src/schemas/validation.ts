// Schema of predictions/<gpu>/<date>.json (ValidationRun), written by `coloc validate`, drawn by the report.
import type {
  AccuracyRow,
  Mode,
  OpenLoopRecord,
  PredictorName,
  StaleSolo,
  ValidationRecord,
  ValidationRun,
} from '../types.js';
import { fraction, MODES, nonNeg, num, numPair, opt, str, type Schema } from './common.js';

const SPLITS = ['lopo', 'lomo', 'lomf', 'fresh', 'transfer'] as const;
const split = { type: 'string', enum: SPLITS } as const;
const numArray = { type: 'array', items: num } as const;
/** [lower, upper] of a p99 range; upper null where the model is overloaded at the band's upper edge. */
const p99Range = { type: 'array', items: [num, { type: 'number', nullable: true }], minItems: 2, maxItems: 2 } as unknown as Schema<[number, number | null]>;

const baselines: Schema<Partial<Record<PredictorName, [number, number]>>> = {
  type: 'object',
  properties: { coloc: opt(numPair), noProbes: opt(numPair), mean: opt(numPair), linear: opt(numPair), sessionSolo: opt(numPair), ownProfiles: opt(numPair), thisGpu: opt(numPair) },
  required: [],
  additionalProperties: false,
};

export const validationRecord: Schema<ValidationRecord> = {
  type: 'object',
  properties: {
    gpu: str,
    mode: { type: 'string', enum: MODES },
    split,
    a: str,
    b: str,
    measured: numPair,
    predicted: numPair,
    measuredLatencyMs: opt(numPair),
    predictedLatencyMs: opt(numPair),
    baselines: opt(baselines),
    probeCorrected: opt({ type: 'boolean' }),
    set: opt(str),
  },
  required: ['gpu', 'mode', 'split', 'a', 'b', 'measured', 'predicted'],
};

export const openLoopRecord: Schema<OpenLoopRecord> = {
  type: 'object',
  properties: {
    gpu: str,
    mode: { type: 'string', enum: [...MODES, 'exclusive'] as (Mode | 'exclusive')[] },
    split,
    a: str,
    b: opt(str),
    load: nonNeg,
    measuredP50Ms: numArray,
    predictedP50Ms: numArray,
    measuredP99Ms: numArray,
    predictedP99Ms: numArray,
    windowNoiseP50: opt(numArray),
    windowNoiseP99: opt(numArray),
    predictedP99RangeMs: opt({ type: 'array', items: p99Range }),
  },
  required: ['gpu', 'mode', 'split', 'a', 'load', 'measuredP50Ms', 'predictedP50Ms', 'measuredP99Ms', 'predictedP99Ms'],
};

export const accuracyRow: Schema<AccuracyRow> = {
  type: 'object',
  properties: {
    gpu: str,
    mode: { type: 'string', enum: [...MODES, 'openloop-p99', 'openloop-p50'] as AccuracyRow['mode'][] },
    split,
    predictor: { type: 'string', enum: ['coloc', 'noProbes', 'mean', 'linear', 'sessionSolo', 'ownProfiles', 'thisGpu'] },
    mape: nonNeg,
    medianError: nonNeg,
    maxError: nonNeg,
    n: { type: 'integer', minimum: 0 },
    noiseFloor: opt(nonNeg),
    rangeCoverage: opt(fraction),
  },
  required: ['gpu', 'mode', 'split', 'predictor', 'mape', 'medianError', 'maxError', 'n'],
};

export const staleSolo: Schema<StaleSolo> = {
  type: 'object',
  properties: {
    workload: str,
    context: { type: 'string', enum: ['exclusive', 'mps'] },
    calibratedMs: nonNeg,
    freshMs: nonNeg,
    diff: num,
  },
  required: ['workload', 'context', 'calibratedMs', 'freshMs', 'diff'],
};

export const validationRunSchema: Schema<ValidationRun> = {
  type: 'object',
  properties: {
    gpu: str,
    createdAt: str,
    kind: { type: 'string', enum: ['offline', 'fresh'] },
    records: { type: 'array', items: validationRecord },
    openLoop: { type: 'array', items: openLoopRecord },
    accuracy: { type: 'array', items: accuracyRow },
    staleSolo: { type: 'array', items: staleSolo },
    notes: { type: 'array', items: str },
  },
  required: ['gpu', 'createdAt', 'kind', 'records', 'openLoop', 'accuracy', 'staleSolo', 'notes'],
};
