import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { byteSize, reportWritten, type Output } from './io.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tandem-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function buffer(): Output & { text: () => string } {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe('byteSize', () => {
  it('gives bytes below 1 KiB, then KiB and MiB to one decimal', () => {
    expect(byteSize(0)).toBe('0 bytes');
    expect(byteSize(1)).toBe('1 byte');
    expect(byteSize(1023)).toBe('1023 bytes');
    expect(byteSize(1024)).toBe('1.0 KiB');
    expect(byteSize(12_595)).toBe('12.3 KiB'); // 12.2998 KiB
    expect(byteSize(5 * 1024 * 1024 + 512 * 1024)).toBe('5.5 MiB');
  });
});

describe('reportWritten', () => {
  it('names the file by its absolute path with its size', async () => {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, 'x'.repeat(2048));
    const err = buffer();
    await reportWritten(path.relative(process.cwd(), file), err);
    expect(err.text()).toBe(`Wrote ${file} (2.0 KiB)\n`);
  });

  it('escapes control characters in the name rather than sending them to the terminal', async () => {
    const file = path.join(dir, 'a\x1b[2Jb.csv');
    writeFileSync(file, 'hello');
    const err = buffer();
    await reportWritten(file, err);
    expect(err.text()).toBe(`Wrote ${dir}/a\\x1b[2Jb.csv (5 bytes)\n`);
  });
});
