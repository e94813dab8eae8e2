#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli.js and the command modules it imports) with yargs into dist/bundle/, one
// minified file per command plus shared chunks, so `coloc predict` reads and compiles a few files instead of
// ~60 modules (start-up: benchmarks/startup.mjs). The other dependencies stay external: they load only in the
// commands that need them. bin/coloc.js runs the bundle when it is there, dist/cli.js otherwise.
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// yargs' help layout (cliui, wrap-ansi, yargs itself) uses three copies of string-width, and each builds an
// Intl.Segmenter and Unicode property regexes when its module loads: ~50 ms of every start, help or not. Each
// import of string-width gets a stand-in instead that answers printable ASCII itself (one column per
// character, what string-width returns for it) and loads the importer's own copy at the first other string.
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve('string-width', { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'real' });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, (args) => ({
      resolveDir: dirname(args.path),
      loader: 'js',
      contents: `let real;
export default function stringWidth(string, options) {
  if (typeof string === 'string' && /^[\x20-\x7e]*$/.test(string)) return string.length;
  real ??= require(${JSON.stringify(args.path)}).default;
  return real(string, options);
}
`,
    }));
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const bundled = new Set(['yargs']);
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: process.env.COLOC_BUNDLE_MINIFY !== '0',
  chunkNames: 'chunks/[name]-[hash]',
  external: Object.keys(pkg.dependencies ?? {}).filter((d) => !bundled.has(d)),
  logLevel: 'warning',
  plugins: [lazyStringWidth],
});
