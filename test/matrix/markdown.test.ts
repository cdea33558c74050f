/** Issue 15, defect 7: the Markdown schedule escapes HTML and Markdown from the matrix's text. */
import { describe, expect, it } from 'vitest';
import { matrixToMarkdown } from '../../src/matrix/markdown.ts';
import { matrixSchema } from '../../src/matrix/schema.ts';
import { validateMatrix } from '../../src/matrix/validate.ts';
import { smallMatrix } from '../support/matrix-fixture.ts';

describe('matrixToMarkdown', () => {
  it('passes no raw HTML through, in tables, lists or findings', () => {
    const input = smallMatrix();
    input.parties[1]!.name = '<script>alert(1)</script> Dana';
    input.activities[0]!.name = 'Accounts <img src=x onerror=alert(1)> & [link](javascript:alert(1)) | pipe';
    input.absences = [{ party: 'dana', from: '2026-12-22', to: '2026-12-23', note: '<b>away</b>' }];
    const m = matrixSchema.parse(input);
    const md = matrixToMarkdown(m, validateMatrix(m));
    expect(md).not.toMatch(/<script|<img|<b>/);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Dana');
    expect(md).toContain(
      '| Accounts &lt;img src=x onerror=alert(1)&gt; &amp; \\[link\\](javascript:alert(1)) \\| pipe |',
    );
    expect(md).toContain(
      '- &lt;script&gt;alert(1)&lt;/script&gt; Dana: 2026-12-22 to 2026-12-23 (&lt;b&gt;away&lt;/b&gt;)',
    );
  });
});
