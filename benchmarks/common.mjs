// What several benchmarks share.

// The command line of the benchmarks that take a GPU and options: `node benchmarks/<name>.mjs [gpu] [--option value ...]
// [--flag ...]`. `valued` names the options that take a value (so that the value is not read as the GPU).
export function benchArgs({ gpu, modes, valued = [] }) {
  const args = process.argv.slice(2);
  const takesValue = new Set(['--modes', ...valued]);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  return {
    gpu: args.find((a, i) => !a.startsWith('--') && !(i > 0 && takesValue.has(args[i - 1]))) ?? gpu,
    modes: (opt('--modes') ?? modes).split(','),
    opt,
    flag: (name) => args.includes(name),
  };
}

/**
 * MAPE and largest error of slowdown over validation records, both sides of each pair, as "1.23 % (max 4.5 %)"
 * ('-' without records). `pick` chooses the prediction: coloc's by default, or a baseline's.
 */
export function mapeText(records, pick = (r) => r.predicted) {
  const e = records.flatMap((r) => [0, 1].map((i) => Math.abs(pick(r)[i] / r.measured[i] - 1)));
  return e.length ? `${((100 * e.reduce((a, b) => a + b, 0)) / e.length).toFixed(2)} % (max ${(100 * Math.max(...e)).toFixed(1)} %)` : '-';
}
