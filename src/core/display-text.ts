/**
 * Text from a user's file or request, made safe to show: control characters (which a terminal
 * obeys: ESC sequences can move the cursor and overwrite earlier lines, a lone carriage return
 * rewrites the current one) and bidirectional overrides (which reorder what is displayed) are
 * written as visible escapes, and a value echoed back in a message is capped, so a 5 MB cell
 * does not become a 5 MB error line.
 */

/** C0 controls, DEL, C1 controls, and the bidirectional embedding, override and isolate characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, less tabs and line ends (a carriage return only when a line feed follows it). */
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const visible = (c: string) => {
  const code = c.charCodeAt(0);
  if (c === '\t') return '\\t';
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** One line of text: every control character escaped, newlines included. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** Several lines of text for a terminal: tabs and line ends kept, every other control character escaped. */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(UNSAFE_BUT_LINES, visible);
}

export const MAX_ECHOED_CHARS = 80;

/** A value quoted for a message: escaped, and cut to `max` characters with its full length said. */
export function echoValue(value: string, max = MAX_ECHOED_CHARS): string {
  if (value.length <= max) return `"${escapeControls(value)}"`;
  return `"${escapeControls(value.slice(0, max))}..." (${value.length.toLocaleString('en-US')} characters)`;
}

/** JSON for a terminal: JSON.stringify escapes C0 controls itself; this escapes the rest it leaves raw. */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
