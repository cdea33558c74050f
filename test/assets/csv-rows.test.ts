/** Reading a device CSV (src/assets/csv-rows.ts): headers by alias, lenient cells where exports differ, errors by column. */
import { describe, expect, it } from 'vitest';
import { readDeviceCsv, type ParsedCsv } from '../../src/assets/csv-rows.ts';
import { osSupportEndOf } from '../../src/assets/os-support.ts';

const read = (text: string) => readDeviceCsv(text) as ParsedCsv;

describe('device CSV rows', () => {
  it('maps RMM headers whatever their case and punctuation, and lists the ones it does not use', () => {
    const parsed = read(
      'Computer Name,serial_number,OS Name,Warranty Expiration,AV Status,Site Name,Colour\nPC1,S1,Windows 11,,,,blue\n',
    );
    expect(parsed.columns).toEqual({
      name: 'Computer Name',
      serial: 'serial_number',
      os: 'OS Name',
      warrantyEnd: 'Warranty Expiration',
      endpointProtection: 'AV Status',
      site: 'Site Name',
    });
    expect(parsed.ignoredColumns).toEqual(['Colour']);
    expect(parsed.rows[0]!.facts).toEqual({ name: 'PC1', serial: 'S1', os: 'Windows 11' });
  });

  it('reads dates, times and yes/no as exports write them', () => {
    const parsed = read(
      'Name,Purchase Date,Last Seen,BitLocker,Stores PHI,Type\n' +
        'a,3/1/2026,2026-12-01 08:00,Enabled,yes,Notebook\n' +
        'b,2026-03-01,11/20/2026 12:30 AM,unencrypted,no,Signature pad\n' +
        'c,,2026-11-30T09:15:00+02:00,unknown,,Intraoral sensor\n',
    );
    expect(parsed.rows.map((r) => r.facts)).toEqual([
      {
        name: 'a',
        purchaseDate: '2026-03-01',
        lastSeenAt: '2026-12-01T08:00:00.000Z',
        diskEncryption: 'yes',
        storesPatientData: true,
        kind: 'laptop',
      },
      {
        name: 'b',
        purchaseDate: '2026-03-01',
        lastSeenAt: '2026-11-20T00:30:00.000Z',
        diskEncryption: 'no',
        storesPatientData: false,
        kind: 'signature_pad',
      },
      { name: 'c', lastSeenAt: '2026-11-30T07:15:00.000Z', diskEncryption: 'unknown', kind: 'dental_sensor' },
    ]);
  });

  it('names the column of every cell it cannot read, and a row of the wrong width', () => {
    const parsed = read('Name,Purchase Date,Stores PHI\na,2026-02-30,unknown\nb,1\n');
    expect(parsed.rows[0]!.errors.map((e) => e.column)).toEqual(['Purchase Date', 'Stores PHI']);
    expect(parsed.rows[1]!.errors).toEqual([{ column: '', message: 'has 2 fields; the header has 3' }]);
  });

  it('refuses a file with no name or serial column, or with two columns for one fact', () => {
    expect(readDeviceCsv('Colour\nblue\n')).toMatchObject({ line: 1, column: '' });
    expect(readDeviceCsv('Serial,Service Tag\na,b\n')).toMatchObject({ line: 1, column: 'Service Tag' });
  });

  it('knows when the vendor support of the listed operating systems ends', () => {
    expect(osSupportEndOf('Microsoft Windows 10 Pro')).toBe('2025-10-14');
    expect(osSupportEndOf('Windows 10 Enterprise LTSC 2021')).toBeNull();
    expect(osSupportEndOf('Windows Server 2012 R2 Standard')).toBe('2023-10-10');
    expect(osSupportEndOf('Windows 11 Pro')).toBeNull();
    expect(osSupportEndOf(null)).toBeNull();
  });
});
