import { createTheme, DEFAULT_THEME, Loader, type CSSVariablesResolver } from '@mantine/core';

/**
 * Colours that pass WCAG AA (4.5:1 for text):
 * - Mantine's default blue 6 (#228be6) is 3.6:1 on white for links and for white text on buttons;
 *   blue 8 (#1971c2) is 4.9:1.
 * - Text of the "light" variant (badges, the current navigation entry) is drawn on a tint of its
 *   colour, on white or on a striped table row: shade 9 darkened by a fifth keeps it above 4.5:1
 *   there for every colour (teal 9 alone was 4.2:1 on a striped row).
 * - Filled badges and buttons: white text on green 8 is 3.4:1, so light colours get dark text.
 * - "Dimmed" text (help text, descriptions, captions) is gray 6, #868e96: 3.3:1 on white; gray 7,
 *   #495057, is 8.2:1 on white and 7.8:1 on the gray 0 of the sign-in frame.
 */
// autoContrast: filled badges and buttons of a light colour (green 8, white text 3.4:1) get dark
// text instead; below luminance 0.2 (blue 8, red 8) white text keeps at least 4.5:1.
//
// Loaders are named ("Loading the assessment") on a span, which ARIA does not allow without a role
// (axe: aria-prohibited-attr, serious; Lighthouse found one still on screen under load): as an
// indeterminate progress bar the name is valid and announced.
export const theme = createTheme({
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  components: { Loader: Loader.extend({ defaultProps: { role: 'progressbar' } }) },
});

/** #rrggbb with each channel scaled by factor (< 1 darkens). */
export function darken(hex: string, factor: number): string {
  const channels = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * factor));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

const lightVariantText = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([color, shades]) => [
    `--mantine-color-${color}-light-color`,
    darken(shades[9], 0.8),
  ]),
);

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', ...lightVariantText },
  dark: {},
});
