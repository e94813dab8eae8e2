#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli.js and every module it imports) with yargs into one CommonJS script,
// dist/bundle/cli.js, minified. bin/coloc.js compiles it with a V8 code cache (kept in the temp folder), so
// `coloc predict` neither parses ~60 modules nor compiles the functions it runs again on every start
// (start-up: benchmarks/startup.mjs). The other dependencies stay external, loaded with import() by the
// commands that need them. bin/coloc.js runs dist/cli.js when there is no bundle.
//
// The script is not a module Node loads itself: bin/coloc.js wraps it in a function of (exports, require,
// module, __filename, __dirname, __colocImportMeta, __colocImport). import.meta is __colocImportMeta (its url
// the bundle's file URL, as the code's own import.meta.url was in the modules), and import() of a dependency
// is __colocImport(): a script compiled with node:vm may not call import() itself without an experimental
// flag, so bin/coloc.js hands in its own.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !bundled.has(d));
const outfile = 'dist/bundle/cli.js';
rmSync(`${root}dist/bundle`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli.js'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.COLOC_BUNDLE_MINIFY !== '0',
  external,
  define: { 'import.meta': '__colocImportMeta' },
  logLevel: 'warning',
  plugins: [lazyStringWidth],
  metafile: true,
  write: false,
});

const file = result.outputFiles.find((f) => f.path === `${root}${outfile}`);
if (!file) throw new Error(`esbuild wrote no ${outfile}`);
let code = file.text;
// The sources are ES modules, strict throughout: so must the script be (esbuild's directive comes first).
if (!code.startsWith('"use strict";')) throw new Error(`${outfile} does not start with "use strict"`);
// Each import() of an external dependency, which esbuild leaves as it is, becomes __colocImport(); the count
// must match the metafile's, so that no import() is left to fail at run time (or a string is rewritten).
const dynamic = Object.values(result.metafile.outputs)
  .flatMap((o) => o.imports)
  .filter((i) => i.external && i.kind === 'dynamic-import');
let rewritten = 0;
for (const name of new Set(dynamic.map((i) => i.path))) {
  const call = `import(${JSON.stringify(name)})`;
  rewritten += code.split(call).length - 1;
  code = code.split(call).join(`__colocImport(${JSON.stringify(name)})`);
}
if (rewritten !== dynamic.length) throw new Error(`${outfile}: rewrote ${rewritten} import() calls of dependencies, esbuild reports ${dynamic.length}`);
const left = code.match(/\bimport\(/g) ?? [];
if (left.length) throw new Error(`${outfile}: ${left.length} import() left that bin/coloc.js cannot serve`);
mkdirSync(dirname(`${root}${outfile}`), { recursive: true });
writeFileSync(`${root}${outfile}`, code);
