// Every command and its options, as data. cli.ts builds the yargs parser from this table and imports a
// command's module only when that command runs, so `coloc predict` does not pay for calibrate's imports.
//
// Contract of a command module (src/commands/<name>.ts):
//   export async function run(args: Record<string, unknown>): Promise<number>   // resolves to the exit code
// `args` is yargs' parsed argv: every option under its kebab-case and camelCase names (`model-file` and
// `modelFile`), defaults applied, arrays as string[]. Throw ColocError(message, exitCode) for anything the
// user did wrong; cli.ts prints it as one line.
import type { Options } from 'yargs';
import { CLASS_RULE } from './classify.js';

export interface CommandModule {
  run(args: Record<string, unknown>): Promise<number>;
}

export interface CommandSpec {
  name: string;
  describe: string;
  /** Where the module lives (for the message when it is missing). */
  source: string;
  load: () => Promise<unknown>;
  options: Record<string, Options>;
  examples: [string, string][];
  epilog?: string;
}

const json: Options = { type: 'boolean', default: false, describe: 'Print JSON on stdout instead of a table' };
const backend: Options = {
  choices: ['cuda', 'sim'],
  default: 'cuda',
  describe: 'Measure on the GPU (cuda) or on the runner\'s simulated device (sim, for tests)',
};
const modelFile: Options = {
  type: 'string',
  array: true,
  alias: 'model',
  describe: 'A Python file defining build() (and optionally NAME, DESCRIPTION, BATCH, SEQ); repeatable',
};

export const COMMANDS: CommandSpec[] = [
  {
    name: 'predict',
    describe: 'Predict the slowdown of two workloads sharing one GPU',
    source: 'src/commands/predict.ts',
    load: () => import('./predict.js'),
    options: {
      pair: { type: 'string', demandOption: true, describe: 'Two workloads: A,B (catalog names, ids like llama@b1s512, or user workloads)' },
      gpu: { type: 'string', default: 'h200', describe: 'GPU name (see coloc gpus)' },
      mode: { choices: ['timeslice', 'mps', 'streams'], default: 'timeslice', describe: 'How the two share the GPU' },
      rates: { type: 'string', describe: 'Open-loop request rates rA,rB in requests/s (default: closed loop)' },
      solo: {
        type: 'string',
        describe: "A folder of solo measurements from the host you will run on (its solo.json; coloc calibrate --no-pairs --no-probes --no-ncu --out DIR writes one): their solo latencies replace the calibration's, the difference counted as host time",
      },
      json,
    },
    examples: [
      ['$0 predict --pair llama,yolo --gpu h200', 'Time-sliced slowdown of llama next to yolo'],
      ['$0 predict --pair bert,resnet50 --mode mps --rates 200,300', 'Latency percentiles at given request rates under MPS'],
      ['$0 predict --pair llama,yolo --gpu h100 --solo ./my-host', 'With the solo latencies measured on your own host'],
    ],
  },
  {
    name: 'validate',
    describe: 'Compare predictions with measurements (offline from the calibration, or fresh runs on the GPU)',
    source: 'src/commands/validate.ts',
    load: () => import('./validate.js'),
    options: {
      gpu: { type: 'string', demandOption: true, describe: 'GPU name' },
      offline: { type: 'boolean', default: false, describe: 'Use only the calibration data (cross-validation), no GPU' },
      pairs: { type: 'string', describe: 'Pairs to measure fresh: a+b,c+d' },
      measured: { type: 'string', describe: 'Compare the measurements already in this folder (written by runner.py measure; several: comma-separated) instead of measuring' },
      sample: { type: 'number', describe: 'Measure N randomly chosen unseen pairs' },
      modes: { type: 'string', describe: 'Modes to validate: timeslice,mps,streams' },
      splits: { type: 'string', describe: 'With --offline, the cross-validations to run: lopo,lomo,lomf (default all three)' },
      rates: { type: 'string', describe: 'Open-loop loads as fractions of capacity, e.g. 0.3,0.6' },
      resume: { type: 'boolean', default: false, describe: 'Keep measurements already taken in the output file' },
      json,
      out: { type: 'string', describe: 'Where to write the run (default predictions/<gpu>/<date>.json)' },
      backend: { ...backend, hidden: true },
      'model-file': modelFile,
    },
    examples: [
      ['$0 validate --gpu h200 --offline', 'Leave-one-pair-out and leave-one-model-out accuracy'],
      ['$0 validate --gpu h200 --pairs llama+yolo,bert+gpt2', 'Measure two pairs now and compare with predictions from a fit that excluded them'],
      ['$0 validate --gpu h200 --measured predictions/h200/fresh-2026-11-26', 'Compare fresh measurements taken earlier'],
    ],
  },
  {
    name: 'calibrate',
    describe: 'Measure a GPU once (solo and paired profiles) so coloc can predict for it',
    source: 'src/commands/calibrate.ts',
    load: () => import('./calibrate.js'),
    options: {
      gpu: { type: 'string', demandOption: true, describe: 'Short name for this GPU (h200, h100, ...): the data goes to calibration/<gpu>/' },
      models: { type: 'string', describe: 'Workloads to measure: a,b,... (default: the whole catalog)' },
      'model-file': modelFile,
      modes: { type: 'string', default: 'timeslice,mps,streams', describe: 'Sharing modes to measure pairs in' },
      'streams-models': { type: 'string', describe: 'Workloads to pair in streams mode (default: the runner\'s choice)' },
      openloop: { type: 'boolean', default: false, describe: 'Also measure open-loop (Poisson arrival) latency' },
      pairs: { type: 'boolean', default: true, describe: 'Measure pairs (--no-pairs: solo profiles and probe co-runs only)' },
      probes: { type: 'boolean', default: true, describe: 'Co-run every workload with the probe workloads of models/catalog.json (--no-probes to skip; predictions then use solo profiles alone)' },
      ncu: { type: 'boolean', default: true, describe: 'Profile kernels with Nsight Compute (--no-ncu to skip)' },
      resume: { type: 'boolean', default: false, describe: 'Skip measurements already present with status ok' },
      backend,
      python: { type: 'string', default: 'python3', describe: 'Python interpreter with torch on the GPU host' },
      out: { type: 'string', describe: 'Output folder (default calibration/<gpu>/)' },
      window: { type: 'number', describe: 'Seconds per measurement window (runner default when absent)' },
      repeats: { type: 'number', describe: 'Repeats per measurement (runner default when absent)' },
      'memory-limit': { type: 'number', describe: 'GiB of GPU memory all workers together may hold (default: what the GPU has free); the second instance of a workload that does not fit starts only for its self-pair' },
      json,
    },
    examples: [
      ['$0 calibrate --gpu h200', 'Measure the whole catalog in every mode (the runs of the committed H200 calibration add up to 84 GPU-minutes, re-measurements included: docs/calibration.md)'],
      ['$0 calibrate --gpu h200 --model-file ./my_model.py', 'Add your own workload to an existing calibration'],
      ['$0 calibrate --gpu h200 --resume', 'Continue an interrupted calibration'],
    ],
    epilog:
      'Ctrl-C stops the runner cleanly (it stops the MPS daemon); finished measurements are kept, --resume continues.',
  },
  {
    name: 'models',
    describe: 'List the workloads, with solo latency and class on each calibrated GPU',
    source: 'src/commands/models.ts',
    load: () => import('./models.js'),
    options: { json },
    examples: [['$0 models --json', 'Machine-readable list']],
    epilog: CLASS_RULE,
  },
  {
    name: 'gpus',
    describe: 'List known GPUs: calibrated ones and those in the spec table',
    source: 'src/commands/gpus.ts',
    load: () => import('./gpus.js'),
    options: { json },
    examples: [['$0 gpus --json', 'Machine-readable list']],
  },
];

/**
 * Imports a module that may not exist (yet): resolves to undefined when the module itself is missing, but
 * rethrows any other error (including a missing dependency inside an existing module). `load` is the caller's
 * own `() => import('<literal path>')`, so that the bundle (scripts/bundle.mjs) sees the module and carries
 * it: a computed specifier would be resolved at run time against the bundle's chunk folder, where no such
 * module is. `specifier` is that literal path, for recognising its own not-found error.
 */
export async function importOptional<T = Record<string, unknown>>(load: () => Promise<unknown>, specifier: string): Promise<T | undefined> {
  try {
    return (await load()) as T;
  } catch (e) {
    if (isMissingModule(e, specifier)) return undefined;
    throw e;
  }
}

/** Whether `e` says that the module `specifier` (not something it imports) cannot be found. */
export function isMissingModule(e: unknown, specifier: string): boolean {
  const err = e as { code?: string; message?: string };
  const msg = err.message ?? '';
  const base = specifier.replace(/^.*\//, '').replace(/\.js$/, '');
  const mentions = msg.includes(`${base}.js`) || msg.includes(`${base}.ts`) || msg.includes(`/${base}'`);
  const notFound =
    err.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Does the file exist/i.test(msg);
  return notFound && mentions;
}
