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
