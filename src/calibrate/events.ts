// The runner's JSON-lines events (docs/runner-protocol.md), parsed without ajv: one small check per event.

export type ResultKind = 'solo' | 'kernels' | 'pair' | 'openloop';
const RESULT_KINDS: readonly ResultKind[] = ['solo', 'kernels', 'pair', 'openloop'];

export interface StartEvent { event: 'start'; gpu: string; total: number; backend: string }
export interface ProgressEvent { event: 'progress'; done: number; total: number; label: string }
export interface ResultEvent { event: 'result'; kind: ResultKind; key: string; status: 'ok' | 'failed' }
export interface FailedEvent { event: 'failed'; key: string; reason: string }
export interface WarningEvent { event: 'warning'; message: string }
export interface DoneEvent { event: 'done'; wallS: number; measured: number; skipped: number; failed: number }
export interface ErrorEvent { event: 'error'; message: string }

export type RunnerEvent =
  | StartEvent
  | ProgressEvent
  | ResultEvent
  | FailedEvent
  | WarningEvent
  | DoneEvent
  | ErrorEvent;

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';

/**
 * Parses one stdout line. Returns the event, or undefined for a line that is not a known, well-formed event
 * (plain text from Python, an event name this version does not know, missing fields).
 */
export function parseEventLine(line: string): RunnerEvent | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    o = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  switch (o.event) {
    case 'start':
      return isNum(o.total) ? { event: 'start', gpu: isStr(o.gpu) ? o.gpu : '', total: o.total, backend: isStr(o.backend) ? o.backend : '' } : undefined;
    case 'progress':
      return isNum(o.done) && isNum(o.total)
        ? { event: 'progress', done: o.done, total: o.total, label: isStr(o.label) ? o.label : '' }
        : undefined;
    case 'result': {
      // The runner may write the plural file name ("pairs") as the kind; both mean the same.
      const kind = o.kind === 'pairs' ? 'pair' : o.kind;
      return isStr(o.key) && (o.status === 'ok' || o.status === 'failed') && RESULT_KINDS.includes(kind as ResultKind)
        ? { event: 'result', kind: kind as ResultKind, key: o.key, status: o.status }
        : undefined;
    }
    case 'failed':
      return isStr(o.key) ? { event: 'failed', key: o.key, reason: isStr(o.reason) ? o.reason : 'unknown reason' } : undefined;
    case 'warning':
      return isStr(o.message) ? { event: 'warning', message: o.message } : undefined;
    case 'done':
      return {
        event: 'done',
        wallS: isNum(o.wallS) ? o.wallS : 0,
        measured: isNum(o.measured) ? o.measured : 0,
        skipped: isNum(o.skipped) ? o.skipped : 0,
        failed: isNum(o.failed) ? o.failed : 0,
      };
    case 'error':
      return { event: 'error', message: isStr(o.message) ? o.message : 'the runner reported an error' };
    default:
      return undefined;
  }
}
