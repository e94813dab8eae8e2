#!/usr/bin/env node
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

// The bundle (scripts/bundle.mjs) starts faster; dist/cli.js is the same code as tsc compiled it.
const bundle = fileURLToPath(new URL('../dist/bundle/cli.js', import.meta.url));
let saveCache;
const { main } = existsSync(bundle) ? runBundle(bundle) : await import('../dist/cli.js');

// `coloc models | head`: the reader went away; stop quietly instead of printing a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const args = process.argv.slice(2);
process.exitCode = await main(args);
// After the run, so that the functions it compiled are in the cache too; a help or failed run leaves it be.
if (saveCache && process.exitCode === 0 && !args.some((a) => /^(-h|--help|--version)$/.test(a))) saveCache();

/**
 * Runs the bundle, a CommonJS script, compiled with V8's code cache of an earlier run: parsing the code and
 * compiling the functions a `coloc predict` calls, which the ES module bundle split per command did on every
 * start, cost ~35 ms of it (that bundle against this one, medians of 21-25 runs alternated, four rounds:
 * 282 / 249 / 234 / 239 ms against 257 / 213 / 204 / 201 ms). The cache lives in a folder of this user's in
 * the OS's temp folder, one file per command and Node version, and is used only when it was made from this
 * very bundle text and arrives intact (SHA-1 of both in its first line): a stale, foreign or damaged file, or
 * one V8 rejects (another V8 version or flags), is not used, and the run compiles from source and writes the
 * file anew when it ends. COLOC_NO_CODE_CACHE=1 turns it off. The code is the same either way, so is
 * everything it prints.
 */
function runBundle(path) {
  const wrapped = `(function (exports, require, module, __filename, __dirname, __colocImportMeta, __colocImport) {${readFileSync(path, 'utf8')}\n})`;
  const cache = process.env.COLOC_NO_CODE_CACHE === '1' ? undefined : codeCache(wrapped, process.argv[2]);
  const script = new Script(wrapped, { filename: path, ...(cache?.data ? { cachedData: cache.data } : {}) });
  if (cache && (!cache.data || script.cachedDataRejected)) saveCache = () => cache.save(script.createCachedData());
  const module = { exports: {} };
  // import.meta of the modules in the bundle: its url is the bundle's (as in each module it was theirs; resolve,
  // which only yargs' config `extends` would use, resolves from here), and import() of a dependency comes from
  // here (a script compiled by node:vm may not import() itself without an experimental flag).
  const meta = { url: pathToFileURL(path).href, resolve: (specifier) => import.meta.resolve(specifier) };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), meta, (specifier) => import(specifier));
  return module.exports;
}

/** The code cache file of this source and command: its data when it is valid, and how to replace it. */
function codeCache(source, command) {
  const MAGIC = 'coloc-v8-cache-1';
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = join(tmpdir(), `coloc-code-cache-${uid ?? 'user'}`);
  const file = join(dir, `code-${process.version}-${process.arch}-${/^[a-z]+$/.test(command ?? '') ? command : 'other'}.bin`);
  const sourceHash = createHash('sha1').update(source).digest('hex');
  // Only this user may have written it: its own folder, not writable by others (no such check on Windows,
  // whose temp folder is the user's own).
  const ownOnly = (st) => uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
  const header = (dataHash) => Buffer.from(`${MAGIC} ${sourceHash} ${dataHash}\n`);
  let data;
  try {
    const st = lstatSync(dir);
    if (st.isDirectory() && ownOnly(st)) {
      const fd = openSync(file, 'r');
      try {
        const fst = fstatSync(fd);
        if (fst.isFile() && ownOnly(fst) && fst.size < 64 * 1024 * 1024) {
          const buf = Buffer.alloc(fst.size);
          if (readSync(fd, buf, 0, buf.length, 0) === buf.length) {
            const end = buf.indexOf(10);
            const [magic, hash, dataHash] = buf.subarray(0, Math.max(0, end)).toString('latin1').split(' ');
            const body = buf.subarray(end + 1);
            if (end > 0 && magic === MAGIC && hash === sourceHash && dataHash === createHash('sha1').update(body).digest('hex')) data = body;
          }
        }
      } finally {
        closeSync(fd);
      }
    }
  } catch {
    // no cache yet, or none that can be read: compiled from source
  }
  return {
    data,
    save(buf) {
      const tmp = `${file}.${process.pid}`;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const st = lstatSync(dir);
        if (!st.isDirectory() || !ownOnly(st)) return;
        writeFileSync(tmp, Buffer.concat([header(createHash('sha1').update(buf).digest('hex')), buf]), { mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        // a read-only or full temp folder only costs the cache
        try {
          rmSync(tmp, { force: true });
        } catch {
          // nothing was written
        }
      }
    },
  };
}
