import { createTheme, darken, luminance, type CSSVariablesResolver, type MantineTheme } from '@mantine/core';

/**
 * Calm blue on white, system fonts only (no third-party font origin), light scheme only. Everything here serves
 * WCAG AA contrast (4.5:1 for text), so any Mantine colour and variant a module picks stays accessible:
 * - primary shade 8 (#1971c2) is 5:1 against white;
 * - `autoContrast` with the WCAG luminance crossover (0.179) puts black text on filled colours too light for white;
 * - the resolver below darkens dimmed/error texts and the text of `light` variants (badges, alerts) where needed.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji"',
  components: {
    // A toast with a title draws its description in gray-6 (about 3.3:1 on white): the dimmed text instead.
    Notification: { styles: { description: { color: 'var(--mantine-color-dimmed)' } } },
    // Clicking the chosen option again must not empty the field (a required choice would then block the form):
    // a single choice is never cleared by a click, an optional one says so with `clearable` and its clear button.
    Select: { defaultProps: { allowDeselect: false } },
    // A link inside a sentence differs from the text around it by more than its colour (WCAG 1.4.1; axe
    // `link-in-text-block`): blue-8 beside dimmed gray-7 is only 1.6:1, so links are underlined.
    Anchor: { defaultProps: { underline: 'always' } },
  },
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.3' },
      h2: { fontSize: '1.25rem', lineHeight: '1.35' },
    },
  },
});

const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

/** Darkens `color` until it reaches 4.5:1 on `background`. */
function readableOn(color: string, background: string): string {
  let result = color;
  for (let amount = 0.05; contrast(result, background) < 4.5 && amount < 1; amount += 0.05) result = darken(color, amount);
  return result;
}

export const cssVariablesResolver: CSSVariablesResolver = (resolved: MantineTheme) => {
  const light: Record<string, string> = {
    // Mantine's defaults (#868e96, #fa5252) are about 3.3:1 on white.
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  };
  // `light` variants draw shade 9 on shade 1 (shade 2 on hover): too pale for orange, yellow, lime, green, teal.
  for (const [name, shades] of Object.entries(resolved.colors)) {
    if (!Array.isArray(shades)) continue; // virtual colours point at real ones
    const [, , hoverBackground, , , , , , , text] = shades;
    if (text && hoverBackground) light[`--mantine-color-${name}-light-color`] = readableOn(text, hoverBackground);
  }
  return { variables: {}, light, dark: {} };
};
