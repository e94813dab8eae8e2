// coloc models: the catalog and the user workloads, with solo latency and class on each calibrated GPU.
import { isSizeVariant, listGpus, loadCalibration, loadCatalog, userWorkloads, workloadId } from '../data/index.js';
import type { CalibrationData, WorkloadRef } from '../types.js';
import { classify, type WorkloadClass } from './classify.js';
import { ms, out, printJson, table } from './format.js';

export interface CalibratedInfo {
  status: 'ok' | 'failed';
  soloLatencyMs: number | null;
  class: WorkloadClass;
  /** Measured pairs (any mode) with this workload on that GPU; 0: it is predicted from its solo profile alone. */
  pairs: number;
  reason?: string;
}

export interface ModelRow {
  name: string;
  id: string;
  description: string;
  batch: number;
  seq: number;
  params: string;
  dtype: string;
  user: boolean;
  /** A catalog model at another batch size or sequence length than its default, found in a calibration. */
  variant: boolean;
  calibrated: Record<string, CalibratedInfo>;
}

/** Solo latency and class of one workload on one GPU; undefined when it was not measured there. */
export function calibratedInfo(data: CalibrationData, id: string): CalibratedInfo | undefined {
  const solo = data.solo.find((s) => s.workload.id === id && s.context === 'exclusive');
  if (!solo) return undefined;
  const pairs = data.pairs.filter((p) => p.status === 'ok' && (p.a.id === id || p.b.id === id)).length;
  if (solo.status !== 'ok' || !solo.latencyMs) {
    return { status: 'failed', soloLatencyMs: null, class: 'unknown', pairs, ...(solo.reason ? { reason: solo.reason } : {}) };
  }
  const kernels = data.kernels.find((k) => k.workload.id === id);
  return {
    status: 'ok',
    soloLatencyMs: solo.latencyMs.mean,
    class: classify(solo.gpm, kernels, data.meta.gpu.smCount),
    pairs,
  };
}

export function modelRows(): ModelRow[] {
  const cals = listGpus().map((gpu) => [gpu, loadCalibration(gpu)] as const);
  const calibratedOn = (id: string): Record<string, CalibratedInfo> => {
    const res: Record<string, CalibratedInfo> = {};
    for (const [gpu, data] of cals) {
      const info = calibratedInfo(data, id);
      if (info) res[gpu] = info;
    }
    return res;
  };
  const catalog = loadCatalog();
  const rows: ModelRow[] = catalog.map((e) => {
    const id = workloadId(e.name, e.batch, e.seq);
    const { file: _file, ...rest } = e;
    return { ...rest, id, user: false, variant: false, calibrated: calibratedOn(id) };
  });
  // Catalog models measured at other sizes (coloc calibrate --models NAME@b<batch>s<seq>), in catalog order.
  const sizes = new Map<string, WorkloadRef>();
  for (const [, data] of cals) for (const s of data.solo) if (isSizeVariant(s.workload)) sizes.set(s.workload.id, s.workload);
  const order = (w: WorkloadRef): number => catalog.findIndex((c) => c.name === w.model);
  for (const w of [...sizes.values()].sort((x, y) => order(x) - order(y) || x.batch - y.batch || x.seq - y.seq)) {
    const { file: _file, ...rest } = catalog[order(w)]!;
    rows.push({ ...rest, id: w.id, batch: w.batch, seq: w.seq, user: false, variant: true, calibrated: calibratedOn(w.id) });
  }
  const users = new Map<string, WorkloadRef>();
  for (const [, data] of cals) for (const w of userWorkloads(data)) users.set(w.id, w);
  for (const w of [...users.values()].sort((x, y) => x.id.localeCompare(y.id))) {
    rows.push({
      name: w.model,
      id: w.id,
      description: 'user workload (added with --model-file)',
      batch: w.batch,
      seq: w.seq,
      params: '',
      dtype: '',
      user: true,
      variant: false,
      calibrated: calibratedOn(w.id),
    });
  }
  return rows;
}

function cell(info: CalibratedInfo | undefined): string {
  if (!info) return '-';
  if (info.status === 'failed' || info.soloLatencyMs === null) return 'failed';
  return `${ms(info.soloLatencyMs)} ${info.class}${info.pairs === 0 ? ' (solo only)' : ''}`;
}

export async function run(args: Record<string, unknown>): Promise<number> {
  const rows = modelRows();
  if (args.json) {
    printJson({ workloads: rows });
    return 0;
  }
  const gpus = listGpus();
  const header = ['NAME', 'BATCH', 'SEQ', 'DTYPE', 'PARAMS', ...gpus.map((g) => g.toUpperCase()), 'DESCRIPTION'];
  const line = (r: ModelRow) => [
    r.user || r.variant ? r.id : r.name,
    String(r.batch),
    String(r.seq),
    r.dtype || '-',
    r.params || '-',
    ...gpus.map((g) => cell(r.calibrated[g])),
    r.description,
  ];
  const parts = [table(header, rows.filter((r) => !r.user && !r.variant).map(line))];
  const variants = rows.filter((r) => r.variant);
  if (variants.length) parts.push('', 'Catalog models at other sizes (from calibrations):', table(header, variants.map(line)));
  const user = rows.filter((r) => r.user);
  if (user.length) parts.push('', 'User workloads (from calibrations):', table(header, user.map(line)));
  if (!gpus.length) parts.push('', 'No calibrated GPU yet: run coloc calibrate --gpu NAME on a GPU host.');
  else {
    parts.push('', 'GPU columns: exclusive solo mean latency and class (coloc models --help explains the class); "solo only": no');
    parts.push('pair of it was measured, it is predicted from its solo profile. Another size: coloc calibrate --models NAME@b<batch>s<seq> --no-pairs.');
  }
  out(parts.join('\n'));
  return 0;
}
