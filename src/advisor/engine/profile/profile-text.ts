/**
 * A profile from text (a file's contents or a web form): YAML or JSON, size-limited, with syntax
 * errors reported by line and column, then validated by parseProfile. Shared by the CLI and the
 * web app so both reject the same input with the same words.
 */
import { parseDocument } from 'yaml';
import { validationError } from '../../../core/errors.ts';
import { parseProfile, type PracticeProfile } from './profile-schema.ts';

/** A practice profile is a page of settings; anything near this size is not one. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/** The parsed but not yet validated document (YAML is a superset of JSON, so one parser reads both). */
export function profileDocument(text: string): unknown {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_PROFILE_BYTES)
    throw validationError(
      [{ path: [], message: `the profile is ${bytes} bytes; the limit is ${MAX_PROFILE_BYTES} (1 MiB)` }],
      'The practice profile is too large',
    );
  if (text.trim() === '')
    throw validationError([{ path: [], message: 'the profile is empty' }], 'The practice profile is not valid');
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0)
    throw validationError(
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        // The pretty message repeats the position and quotes the source; keep only the reason.
        const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return { path: [], message: `${at ? `line ${at.line}, column ${at.col}: ` : ''}${reason}` };
      }),
      'The practice profile is not valid YAML or JSON',
    );
  return doc.toJS({ maxAliasCount: 100 });
}

export function parseProfileText(text: string): PracticeProfile {
  return parseProfile(profileDocument(text));
}
