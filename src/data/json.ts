// Reading a JSON data file: parse, schema-check, one-line errors naming the file.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ColocError, EXIT } from '../errors.js';
import { displayPath } from '../paths.js';
import { compiledSchema, schemaFor, schemaHash, validateData, type SchemaTypes } from '../schemas/index.js';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ColocError(`${displayPath(path)}: ${code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`}`, EXIT.usage);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ColocError(`${displayPath(path)}: invalid JSON: ${(e as Error).message}`, EXIT.usage);
  }
}

/** Reads and parses a JSON file; a missing file or bad JSON is a ColocError (exit 2) naming the file. */
export function readJson(path: string): unknown {
  return parseJson(readText(path), path);
}

// Files that passed their schema check, by absolute path: a hash of the schema and of the file's bytes. A file
// read again unchanged (the committed calibration, on every `coloc predict`) is not checked again; any change
// to the file or to its schema misses. Kept in the OS's temp folder; COLOC_NO_CHECK_CACHE=1 turns it off.
const CHECKED_FILE = join(tmpdir(), `coloc-checked-${typeof process.getuid === 'function' ? process.getuid() : 'user'}.json`);
const CHECKED_LIMIT = 100;
let checked: Record<string, string> | undefined;
const schemaHashes = new WeakMap<object, string>();

function checkKey(kind: string, textHash: string): string {
  const registered = schemaFor(kind);
  let sh = schemaHashes.get(registered);
  if (sh === undefined) {
    sh = schemaHash(compiledSchema(kind));
    schemaHashes.set(registered, sh);
  }
  return createHash('sha1').update(`${kind}\0${sh}\0${textHash}`).digest('hex');
}

// What each value readDataFile returned was parsed from: a hash of the file's text.
const sourceHashes = new WeakMap<object, string>();

/**
 * SHA-1 of the text readDataFile parsed `value` from (the file's top-level object, or a part of it registered
 * with sourcePart), or undefined for a value that did not come from readDataFile. Identifies a file's contents
 * without serialising them again.
 */
export function sourceHash(value: unknown): string | undefined {
  return value !== null && typeof value === 'object' ? sourceHashes.get(value) : undefined;
}

/**
 * `part` of a value readDataFile returned, identified by the same file text: for a caller that keeps only that
 * part (a calibration file's `entries`) and the whole file stands for it.
 */
export function sourcePart<T>(part: T, whole: unknown): T {
  const h = sourceHash(whole);
  if (h !== undefined && part !== null && typeof part === 'object') sourceHashes.set(part, h);
  return part;
}

function checkedBefore(): Record<string, string> {
  if (!checked) {
    try {
      const x = JSON.parse(readFileSync(CHECKED_FILE, 'utf8')) as unknown;
      checked = x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, string>) : {};
    } catch {
      checked = {};
    }
  }
  return checked;
}

function remember(abs: string, key: string): void {
  const all = checkedBefore();
  delete all[abs];
  all[abs] = key;
  // the most recently checked files only (test runs check files in fresh temp folders)
  const paths = Object.keys(all);
  for (const p of paths.slice(0, Math.max(0, paths.length - CHECKED_LIMIT))) delete all[p];
  try {
    const tmp = `${CHECKED_FILE}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(all));
    renameSync(tmp, CHECKED_FILE);
  } catch {
    // a read-only temp folder only costs the check next time
  }
}

/** Reads, parses and schema-checks a data file of the given kind (see src/schemas/index.ts). */
export function readDataFile<K extends keyof SchemaTypes>(path: string, kind: K): SchemaTypes[K];
export function readDataFile(path: string, kind: string): unknown;
export function readDataFile(path: string, kind: string): unknown {
  const text = readText(path);
  const data = parseJson(text, path);
  const textHash = createHash('sha1').update(text).digest('hex');
  if (data !== null && typeof data === 'object') sourceHashes.set(data, textHash);
  const useCache = process.env.COLOC_NO_CHECK_CACHE !== '1';
  const abs = resolve(path);
  const key = useCache ? checkKey(kind, textHash) : '';
  if (useCache && checkedBefore()[abs] === key) return data;
  validateData(kind, data, displayPath(path));
  if (useCache) remember(abs, key);
  return data;
}
