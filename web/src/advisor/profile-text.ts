/**
 * The profile as typed or uploaded: YAML or JSON (JSON is YAML too), read with the `yaml`
 * package so syntax errors carry their line, then checked with the engine's own profile schema
 * so most problems show before anything is sent. Problems are keyed like the server's
 * ("body.profile.practice.providers") and each is placed on the line it concerns when it can be.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { AppError } from '../../../src/core/errors.ts';
import { parseProfile } from '../../../src/advisor/engine/profile/profile-schema.ts';

export interface ProfileProblem {
  /** As the server names it: "body.profile.practice.providers", "body.iterations"; "" for the whole input. */
  path: string;
  message: string;
  /** 1-based line in the editor, when the problem can be placed. */
  line: number | null;
}

export type ProfileCheck =
  | { kind: 'empty' }
  | { kind: 'syntax'; problems: ProfileProblem[] }
  | { kind: 'checked'; value: unknown; problems: ProfileProblem[] };

export interface ParsedText {
  check: ProfileCheck;
  /** The line of a server or client problem path, when the text still has that place. */
  lineOf: (path: string) => number | null;
}

/** "Map keys must be unique at line 3, column 1:\n\n…" -> "Map keys must be unique". */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

/** Segments of a profile path, or null when the path is not about the profile. */
function profileSegments(path: string): string[] | null {
  const m = /^(?:body\.)?profile(?:\.(.*))?$/.exec(path);
  if (!m) return null;
  return m[1] ? m[1].split('.') : [];
}

/**
 * Walks the document along the path; keys may themselves hold dots (override ids such as
 * "function.help_desk_it.ftePerUser"), so at a map the longest matching key wins. Returns the
 * offset of the deepest key or item reached.
 */
function offsetOf(doc: Document, segments: string[]): number | null {
  let node: unknown = doc.contents;
  let offset: number | null = null;
  let i = 0;
  while (i < segments.length) {
    if (isMap(node)) {
      const map = node;
      let matched = false;
      for (let k = segments.length - i; k >= 1 && !matched; k--) {
        const key = segments.slice(i, i + k).join('.');
        const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (pair) {
          offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : offset;
          node = pair.value;
          i += k;
          matched = true;
        }
      }
      if (!matched) break;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segments[i])];
      if (item === undefined) break;
      const range = (item as { range?: [number, number, number] }).range;
      if (range) offset = range[0];
      node = item;
      i += 1;
    } else {
      break;
    }
  }
  return offset;
}

export function parseProfileText(text: string): ParsedText {
  if (!text.trim()) return { check: { kind: 'empty' }, lineOf: () => null };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const lineOf = (path: string): number | null => {
    const segments = profileSegments(path);
    if (segments === null || doc.errors.length > 0) return null;
    const offset = offsetOf(doc, segments);
    return offset === null ? null : lineCounter.linePos(offset).line;
  };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({
      path: '',
      message: firstLine(e.message),
      line: e.linePos?.[0]?.line ?? null,
    }));
    return { check: { kind: 'syntax', problems }, lineOf };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { check: { kind: 'syntax', problems: [{ path: '', message, line: null }] }, lineOf };
  }
  const problems: ProfileProblem[] = [];
  try {
    parseProfile(value);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    for (const detail of err.details) {
      const path = detail.path ? `body.profile.${detail.path}` : 'body.profile';
      problems.push({ path, message: detail.message, line: lineOf(path) });
    }
  }
  return { check: { kind: 'checked', value, problems }, lineOf };
}

/** Offsets of the start and end of a 1-based line, to put the editor's cursor there. */
export function lineRange(text: string, line: number): [number, number] {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return [text.length, text.length];
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return [start, end === -1 ? text.length : end];
}
