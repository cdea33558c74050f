import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { logOutput, resolveLogFormat } from './log-output.ts';

describe('log output', () => {
  it('is pretty on a terminal and JSON otherwise, unless a format is asked for', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('writes readable lines when pretty, and logs each request only at debug', async () => {
    const written: string[] = [];
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const output = logOutput('pretty', terminal);
    pino({ level: 'info' }, output.stream).warn({ port: 8080 }, 'disk almost full');
    expect(output.requestLevel).toBe('debug');
    // pino-pretty formats in a transform stream: the line arrives a turn later.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = written.join('');
    expect(text).toContain('WARN');
    expect(text).toContain('disk almost full');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('logs each request at info in JSON', () => {
    expect(logOutput('json').requestLevel).toBe('info');
  });
});
