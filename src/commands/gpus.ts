// coloc gpus: calibrated GPUs (from calibration/) and the GPUs of the predictor's spec table (src/gpus.ts).
import { listGpus, loadCalibration } from '../data/index.js';
import type { CalibrationData, Mode } from '../types.js';
import { median, out, printJson, table } from './format.js';
import { importOptional } from './registry.js';
import { MODES } from '../schemas/common.js';

export interface ModeSummary {
  pairs: number;
  /** Median of the pairs' repeat spread ((max - min) / mean); null without measured pairs. */
  medianSpread: number | null;
}

export interface GpuRow {
  name: string;
  calibrated: boolean;
  deviceName?: string;
  modes: Record<Mode, ModeSummary>;
  soloWorkloads: number;
  openLoopRuns: number;
  date?: string;
  software?: { driver: string; cuda: string; torch: string; backend: 'cuda' | 'sim' };
  /** Without calibration: the calibrated GPU nearest by spec, which predict transfers from where it has both workloads. */
  estimatedFrom?: string;
  /**
   * Workloads with a solo profile but no Nsight Compute launch configurations (calibrated with --no-ncu, or without
   * ncu on PATH), on a real GPU's calibration: their MPS and streams predictions are much less accurate.
   */
  withoutNcu?: string[];
}

type GpusModule = Partial<Pick<typeof import('../gpus.js'), 'GPU_SPECS' | 'nearestCalibrated'>>;

/** src/gpus.ts when that module exists (it is written by the predictor's engineer). */
async function gpusModule(): Promise<GpusModule | undefined> {
  return importOptional<GpusModule>(() => import('../gpus.js'), '../gpus.js');
}


export function summarise(name: string, data: CalibrationData): GpuRow {
  const modes = {} as Record<Mode, ModeSummary>;
  for (const mode of MODES) {
    const ok = data.pairs.filter((p) => p.mode === mode && p.status === 'ok');
    const spreads = ok.flatMap((p) => (p.spread === undefined ? [] : [p.spread]));
    modes[mode] = { pairs: ok.length, medianSpread: median(spreads) };
  }
  const solo = new Set(data.solo.filter((s) => s.status === 'ok' && s.context === 'exclusive').map((s) => s.workload.id));
  const { gpu, method, updatedAt } = data.meta;
  const withoutNcu = method.backend === 'cuda' ? [...solo].filter((id) => !data.kernels.some((k) => k.workload.id === id && k.ncu?.configs?.length)).sort() : [];
  return {
    name,
    calibrated: true,
    deviceName: gpu.deviceName,
    modes,
    soloWorkloads: solo.size,
    openLoopRuns: data.openLoop.filter((o) => o.status === 'ok').length,
    date: updatedAt,
    software: { driver: gpu.driver, cuda: gpu.cuda, torch: gpu.torch, backend: method.backend },
    ...(withoutNcu.length ? { withoutNcu } : {}),
  };
}

export async function gpuRows(): Promise<GpuRow[]> {
  const mod = await gpusModule();
  const specs = mod?.GPU_SPECS ?? {};
  const calibrated = listGpus();
  // Calibrated GPUs first, then the others of the spec table, each alphabetically.
  const names = [...calibrated, ...Object.keys(specs).filter((n) => !calibrated.includes(n)).sort()];
  return names.map((name) => {
    if (calibrated.includes(name)) return summarise(name, loadCalibration(name));
    const s = specs[name];
    const deviceName = s?.deviceName ?? s?.name;
    const modes = Object.fromEntries(MODES.map((m) => [m, { pairs: 0, medianSpread: null }])) as Record<Mode, ModeSummary>;
    const from = s && mod?.nearestCalibrated?.(s, calibrated);
    return { name, calibrated: false, ...(deviceName ? { deviceName } : {}), modes, soloWorkloads: 0, openLoopRuns: 0, ...(from ? { estimatedFrom: from } : {}) };
  });
}

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);

export async function run(args: Record<string, unknown>): Promise<number> {
  const rows = await gpuRows();
  if (args.json) {
    printJson({ gpus: rows });
    return 0;
  }
  if (!rows.length) {
    out('No GPUs known: no calibration and no spec table. Run coloc calibrate --gpu NAME on a GPU host.');
    return 0;
  }
  const header = ['GPU', 'CALIBRATED', 'DEVICE', 'SOLO', ...MODES.map((m) => `${m.toUpperCase()} PAIRS (SPREAD)`), 'OPEN-LOOP', 'DATE'];
  const soloOnly = (r: (typeof rows)[number]): boolean => r.calibrated && MODES.every((m) => r.modes[m].pairs === 0);
  const body = rows.map((r) => [
    r.name,
    r.calibrated ? (soloOnly(r) ? 'solo only' : 'yes') : r.estimatedFrom ? `no (from ${r.estimatedFrom})` : 'no',
    r.deviceName ?? '-',
    r.calibrated ? String(r.soloWorkloads) : '-',
    ...MODES.map((m) => (r.calibrated ? `${r.modes[m].pairs} (${pct(r.modes[m].medianSpread)})` : '-')),
    r.calibrated ? String(r.openLoopRuns) : '-',
    r.date?.slice(0, 10) ?? '-',
  ]);
  out(table(header, body));
  const soft = rows.filter((r) => r.software);
  if (soft.length) {
    out('');
    for (const r of soft) {
      const s = r.software!;
      out(`${r.name}: driver ${s.driver}, CUDA ${s.cuda}, torch ${s.torch}${s.backend === 'sim' ? ' (simulated backend)' : ''}`);
    }
    for (const r of rows.filter((x) => x.withoutNcu?.length)) {
      const ids = r.withoutNcu as string[];
      const shown = ids.length > 4 ? `${ids.slice(0, 4).join(', ')} and ${ids.length - 4} more` : ids.join(', ');
      out(`${r.name}: ${ids.length} of ${r.soloWorkloads} workloads without Nsight Compute measurements (${shown}): their MPS and streams predictions carry a wider band (docs/accuracy.md); their coloc calibrate run again with --resume and ncu on PATH measures them`);
    }
  }
  out('\nSPREAD is the median (max - min) / mean of the repeats of the measured pairs.');
  if (rows.some((r) => !r.calibrated)) {
    out('For a GPU without calibration, coloc predict transfers the nearest calibrated GPU\'s data using the spec table.');
  }
  if (rows.some(soloOnly)) {
    out('A GPU calibrated with solo profiles only (no pairs) is predicted from its own solo profiles with the fitted constants of the nearest calibrated GPU that has pairs.');
  }
  return 0;
}
