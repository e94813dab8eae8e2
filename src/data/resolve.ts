// Turning what a user types (`llama`, `llama@b1s512`, or a user workload's name) into a WorkloadRef.
import { ColocError, EXIT } from '../errors.js';
import type { CalibrationData, WorkloadRef } from '../types.js';
import { hasCalibration, loadCalibration } from './calibration.js';
import { catalogEntry, catalogWorkload, loadCatalog } from './catalog.js';
import { parseWorkloadId } from './workload.js';

/** Workloads measured on a GPU whose model is not in the catalog (added with --model-file), by id. */
export function userWorkloads(data: CalibrationData): WorkloadRef[] {
  const catalog = new Set(loadCatalog().map((e) => e.name));
  const byId = new Map<string, WorkloadRef>();
  for (const r of [...data.solo, ...data.kernels]) {
    if (!catalog.has(r.workload.model)) byId.set(r.workload.id, r.workload);
  }
  return [...byId.values()].sort((x, y) => x.id.localeCompare(y.id));
}

/**
 * Resolves a workload name:
 *  - a catalog name (`llama`) -> the catalog's default batch and seq;
 *  - a full id (`llama@b1s512`) whose model is in the catalog or calibrated on `gpu`;
 *  - the name of a user workload calibrated on `gpu` (it must have one id there).
 * Anything else throws ColocError (exit 2) listing the known names.
 * Pass `data` when the calibration is already loaded, to avoid reading it again.
 */
export function resolveWorkload(nameOrId: string, gpu?: string, data?: CalibrationData): WorkloadRef {
  const text = nameOrId.trim();
  const users = (): WorkloadRef[] => {
    if (data) return userWorkloads(data);
    return gpu !== undefined && hasCalibration(gpu) ? userWorkloads(loadCalibration(gpu)) : [];
  };
  if (text.includes('@')) {
    const ref = parseWorkloadId(text);
    if (!ref) {
      throw new ColocError(`bad workload id '${text}' (expected NAME@b<batch>s<seq>, e.g. llama@b1s1024)`, EXIT.usage);
    }
    if (catalogEntry(ref.model) || users().some((u) => u.model === ref.model)) return ref;
    throw unknown(ref.model, gpu, users());
  }
  const entry = catalogEntry(text);
  if (entry) return catalogWorkload(entry);
  const matches = users().filter((u) => u.model === text);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new ColocError(
      `workload '${text}' is calibrated at several sizes on ${gpu ?? 'this GPU'}; name one: ${matches.map((m) => m.id).join(', ')}`,
      EXIT.usage,
    );
  }
  throw unknown(text, gpu, users());
}

function unknown(name: string, gpu: string | undefined, users: WorkloadRef[]): ColocError {
  const catalog = loadCatalog().map((e) => e.name);
  const userNames = [...new Set(users.map((u) => u.model))];
  const userPart = gpu !== undefined ? `; user workloads on ${gpu}: ${userNames.length ? userNames.join(', ') : 'none'}` : '';
  return new ColocError(`unknown workload '${name}' (known: ${catalog.join(', ')}${userPart})`, EXIT.usage);
}
