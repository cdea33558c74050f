import { describe, expect, it } from 'vitest';
import { sniffAttachment } from './attachment-types.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj', 'latin1');
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 2, 3, 4]), Buffer.from('WEBPVP8 ')]);

describe('sniffAttachment', () => {
  it('accepts each allowed type by its first bytes when the declaration agrees', () => {
    expect(sniffAttachment(png, 'image/png')).toBe('image/png');
    expect(sniffAttachment(pdf, 'application/pdf')).toBe('application/pdf');
    expect(sniffAttachment(jpeg, 'image/jpeg')).toBe('image/jpeg');
    expect(sniffAttachment(Buffer.from('GIF89a....'), 'image/gif')).toBe('image/gif');
    expect(sniffAttachment(webp, 'image/webp')).toBe('image/webp');
    expect(sniffAttachment(Buffer.from('date,minutes\n2026-12-01,30\n'), 'text/csv')).toBe('text/csv');
    expect(sniffAttachment(Buffer.from('\uFEFFlog line\tok\r\n'), 'text/plain')).toBe('text/plain');
  });

  it('takes the real type when the uploader did not know it', () => {
    expect(sniffAttachment(png, 'application/octet-stream')).toBe('image/png');
    expect(sniffAttachment(Buffer.from('plain words'), 'application/octet-stream')).toBe('text/plain');
  });

  it('refuses a file whose bytes contradict its declared type', () => {
    expect(sniffAttachment(png, 'application/pdf')).toBeNull();
    expect(sniffAttachment(Buffer.from('just text'), 'image/png')).toBeNull();
    expect(sniffAttachment(pdf, 'text/plain')).toBeNull();
  });

  it('refuses executables, archives, markup and binary junk', () => {
    expect(sniffAttachment(Buffer.from('MZ\x90\x00\x03', 'latin1'), 'application/octet-stream')).toBeNull();
    expect(sniffAttachment(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]), 'application/zip')).toBeNull();
    expect(sniffAttachment(Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'text/plain')).toBeNull();
    expect(sniffAttachment(Buffer.from('  <svg onload="x()">'), 'text/plain')).toBeNull();
    expect(sniffAttachment(Buffer.from([0x41, 0x00, 0x42]), 'text/plain')).toBeNull();
    expect(sniffAttachment(Buffer.from([0xc3, 0x28]), 'text/plain')).toBeNull(); // invalid UTF-8
  });
});
