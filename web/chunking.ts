/**
 * The build's code splitting (issue 22). Left to itself, the bundler cut the libraries the first
 * page shares with the lazy pages into a dozen small files (Button, Text, Input, React DOM, React
 * Query, ...), so the sign-in page took 14 script requests, and their response headers took it
 * past its 150 KiB budget (160 KiB by Lighthouse, 147 KiB of Brotli bodies). Everything the sign-in
 * page and the frame around every page load goes into one `app` chunk instead: 3 files, 143 KiB.
 * The lazy pages keep their own chunks (charts, the grid, YAML) and import from it.
 */
const everyPageLoads = [
  'react',
  'react-dom',
  'scheduler',
  'react-router',
  '@tanstack/query-core',
  '@tanstack/react-query',
  '@mantine/hooks',
  '@mantine/core/esm/core',
  // The Mantine components of the sign-in form and the page frame.
  ...[
    'Button',
    'Text',
    'Anchor',
    'Alert',
    'Loader',
    'Input',
    'InputBase',
    'ActionIcon',
    'TextInput',
    'PasswordInput',
  ].map((c) => `@mantine/core/esm/components/${c}`),
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('/', '[\\\\/]');
const firstLoad = new RegExp(`node_modules[\\\\/](${everyPageLoads.map(escape).join('|')})[\\\\/]`);

export const codeSplitting = { groups: [{ name: 'app', test: firstLoad }] };
