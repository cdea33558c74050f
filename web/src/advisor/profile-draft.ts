/**
 * The guided form's model (issue 14.9): the form edits the profile document itself, one field at
 * a time by its path, so it writes exactly the profile the YAML describes (and the server's schema
 * validates), and fields the form has no question for (overrides, stakeholders, anything unknown)
 * are carried along untouched. Switching to YAML prints the same document; switching back reads it.
 */
import { isMap, parseDocument, stringify } from 'yaml';

export type ProfileDoc = Record<string, unknown>;
export type Path = readonly (string | number)[];

function isRecord(o: unknown): o is Record<string, unknown> {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}

export function getAt(doc: unknown, path: Path): unknown {
  let node: unknown = doc;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isRecord(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** The two sections every profile has; emptying them must leave them for the schema to name what is missing. */
const KEPT_WHEN_EMPTY = new Set(['practice', 'current']);

/**
 * A copy of the document with the value at `path` replaced; undefined removes the key, and an
 * optional section left empty by that goes too (an empty `insurance: {}` says nothing). Setting a
 * field to the value it already has returns the same document, so touching a question without
 * changing its answer never rewrites the profile.
 */
export function setAt<T>(doc: T, path: Path, value: unknown): T {
  if (getAt(doc, path) === value) return doc;
  return setIn(doc, path, value, 0) as T;
}

function setIn(node: unknown, path: Path, value: unknown, depth: number): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const list = Array.isArray(node) ? [...(node as unknown[])] : [];
    list[key] = setIn(list[key], rest, value, depth + 1);
    return list;
  }
  const object: Record<string, unknown> = isRecord(node) ? { ...node } : {};
  const next = setIn(object[key], rest, value, depth + 1);
  const emptied = isRecord(next) && Object.keys(next).length === 0 && !(depth === 0 && KEPT_WHEN_EMPTY.has(key));
  if (next === undefined || emptied) delete object[key];
  else object[key] = next;
  return object;
}

/** What a new, blank profile starts with: a one-site practice and no answers the manager has not given. */
export function blankProfile(): ProfileDoc {
  return { practice: { locations: 1, specialty: 'medical' }, current: { model: 'fully_managed' }, staff: [] };
}

/** The document as YAML for the advanced view (no line folding, so a long name stays on its line). */
export function profileToYaml(doc: ProfileDoc): string {
  return stringify(doc, { lineWidth: 0 });
}

export type YamlRead = { ok: true; doc: ProfileDoc } | { ok: false; reason: string };

/**
 * The YAML view's text as a document for the form, or why it cannot be one: a syntax error (the
 * YAML view lists it by line) or a document that is not a mapping of fields.
 */
export function yamlToProfile(text: string): YamlRead {
  if (text.trim() === '') return { ok: true, doc: blankProfile() };
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, reason: 'the YAML has syntax errors; fix them first' };
  if (!isMap(doc.contents)) return { ok: false, reason: 'the YAML is not a profile (a list of fields)' };
  return { ok: true, doc: doc.toJS({ maxAliasCount: 100 }) as ProfileDoc };
}

/** A number field's value for a Mantine NumberInput: the number, or '' when unanswered. */
export function numberValue(doc: unknown, path: Path): number | '' {
  const v = getAt(doc, path);
  return typeof v === 'number' ? v : '';
}

/** A NumberInput's value back into the profile: '' (cleared) removes the answer. */
export function numberAnswer(value: string | number): number | undefined {
  if (value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A text field's value: the string, or '' when unanswered; writing '' removes it. */
export function textValue(doc: unknown, path: Path): string {
  const v = getAt(doc, path);
  return typeof v === 'string' ? v : '';
}
export function textAnswer(value: string): string | undefined {
  return value.trim() === '' ? undefined : value;
}

const GOVERNANCE_FLAGS = ['writtenPolicies', 'documentedProcesses', 'governanceFramework'] as const;

/**
 * A governance answer. The schema takes the section whole (all three yes/no answers), so the
 * first answer given writes the other two as "no", which is what an unticked box says.
 */
export function answerGovernance(doc: ProfileDoc, key: string, value: unknown): ProfileDoc {
  const current = getAt(doc, ['governance']);
  const section: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  for (const flag of GOVERNANCE_FLAGS) if (typeof section[flag] !== 'boolean') section[flag] = false;
  if (value === undefined) delete section[key];
  else section[key] = value;
  return setAt(doc, ['governance'], section);
}
