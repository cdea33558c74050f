/** Text from users made safe for a terminal, and strict UTF-8 decoding (issue 15, defects 4 and 5). */
/* eslint-disable no-control-regex -- these tests look for control characters on purpose */
import { describe, expect, it } from 'vitest';
import { echoValue, escapeControls, escapeControlsKeepingLines, jsonForTerminal } from '../../src/core/display-text.ts';
import { decodeUtf8 } from '../../src/core/utf8.ts';

describe('escapeControls', () => {
  it('makes every control and bidirectional override visible', () => {
    expect(escapeControls('a\u001b[2Jb\rc\nd\u009be\u202ef\u0000')).toBe('a\\x1b[2Jb\\rc\\nd\\x9be\\u202ef\\x00');
    expect(escapeControls('Zürich, café – ok')).toBe('Zürich, café – ok');
  });

  it('keeps line ends and tabs for text of several lines, but not a lone carriage return', () => {
    expect(escapeControlsKeepingLines('a\tb\r\nc\nd\re\u001b')).toBe('a\tb\r\nc\nd\\re\\x1b');
  });

  it('caps an echoed value and says how long it was', () => {
    expect(echoValue('short')).toBe('"short"');
    expect(echoValue('x'.repeat(100), 10)).toBe('"xxxxxxxxxx..." (100 characters)');
  });

  it('escapes in JSON what JSON.stringify leaves raw, and the JSON still parses to the same value', () => {
    const value = { name: 'a\u009b2Jb\u202e\u001b' };
    const text = jsonForTerminal(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8, and names the first invalid byte with its offset and line', () => {
    expect(decodeUtf8(Buffer.from('kind,name\nparty,Zürich\n'))).toEqual({
      ok: true,
      text: 'kind,name\nparty,Zürich\n',
    });
    // "Zürich" in Latin-1: ü is the single byte 0xFC.
    const latin1 = Buffer.from('kind,name\nparty,Z\u00fcrich\n', 'latin1');
    expect(decodeUtf8(latin1)).toEqual({ ok: false, offset: 17, line: 2, byte: 0xfc });
    // Overlong encodings, surrogates and truncated sequences are invalid too.
    expect(decodeUtf8(Uint8Array.from([0x41, 0xc0, 0xaf]))).toMatchObject({ ok: false, offset: 1 });
    expect(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toMatchObject({ ok: false, offset: 0 });
    expect(decodeUtf8(Uint8Array.from([0x41, 0x0a, 0x0a, 0xe2, 0x82]))).toMatchObject({
      ok: false,
      offset: 3,
      line: 3,
    });
  });
});
