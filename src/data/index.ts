// Data loading for every command: calibrations, the catalog, workload names.
export { GPU_NAME, assertCalibrated, hasCalibration, listGpus, loadCalibration, loadCalibrationDir } from './calibration.js';
export { catalogEntry, catalogWorkload, isSizeVariant, loadCatalog } from './catalog.js';
export { readDataFile, readJson } from './json.js';
export { resolveWorkload, userWorkloads } from './resolve.js';
export { makeWorkload, parseWorkloadId, workloadId } from './workload.js';
