import {
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
} from '@mantine/core';
import { themeComponents } from './theme-components.js';

/**
 * Parley's Mantine theme, meeting WCAG 2.1 AA (text 4.5:1, UI parts 3:1) in light and dark mode.
 * Mantine's shades 6–9 are too light for text on white and on the tinted "light" backgrounds
 * (shade 1), so each palette keeps its shades 0–5 and gets shades 6–9 that give at least 4.6:1 on
 * white, gray 0–1, the blue and indigo selection tints and its own shade 0–1. Shade 6 is what
 * filled buttons, `c="red"` text, outlines and links use in light mode; white on it is 4.6:1 or more.
 */
const darker = (name: string, shades: [string, string, string, string]) =>
  [...(DEFAULT_THEME.colors[name] ?? []).slice(0, 6), ...shades] as unknown as MantineColorsTuple;

const colors = {
  // Shade 6 is the dimmed text: still lighter than the text, 4.8:1 on the selection tints.
  gray: darker('gray', ['#5c636a', '#495057', '#343a40', '#212529']),
  red: darker('red', ['#bf2828', '#a82323', '#911e1e', '#7a1a1a']),
  pink: darker('pink', ['#a61e4d', '#921a44', '#7e173b', '#6a1331']),
  grape: darker('grape', ['#862e9c', '#762889', '#662377', '#561d64']),
  violet: darker('violet', ['#6741d9', '#5f3dc4', '#4e31a5', '#422a8b']),
  indigo: darker('indigo', ['#364fc7', '#3046af', '#293c97', '#23337f']),
  blue: darker('blue', ['#1864ab', '#155896', '#124c82', '#0f406d']),
  cyan: darker('cyan', ['#0b6d80', '#0a6071', '#085361', '#074652']),
  teal: darker('teal', ['#077252', '#066448', '#05573e', '#044934']),
  green: darker('green', ['#247333', '#20652d', '#1b5727', '#174a21']),
  lime: darker('lime', ['#46700a', '#3e6309', '#355508', '#2d4806']),
  yellow: darker('yellow', ['#9c5100', '#894700', '#773e00', '#643400']),
  orange: darker('orange', ['#b43c0c', '#9e350b', '#892e09', '#732608']),
};

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 6, dark: 8 },
  defaultRadius: 'md',
  colors,
  components: themeComponents,
});

/**
 * Mantine's defaults that fail AA with these palettes or on their own: the placeholder (gray 5,
 * 2:1), and in dark mode the dimmed text (dark 2, 4:1 on the body), errors and success (shade 8
 * on the dark body) and the focus ring (the filled primary, too dark on the dark body).
 * `--parley-focus-ring` is the outline colour of theme.css; `--parley-surface-muted` the grey of
 * chat bubbles and `--parley-surface-page` the sign-in page's backdrop, both turning dark in dark
 * mode so that their text stays readable.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-6)',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-6)',
    '--parley-focus-ring': 'var(--mantine-color-indigo-6)',
    '--parley-surface-muted': 'var(--mantine-color-gray-1)',
    '--parley-surface-page': 'var(--mantine-color-gray-0)',
  },
  dark: {
    '--mantine-color-placeholder': 'var(--mantine-color-dark-1)',
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-success': 'var(--mantine-color-teal-4)',
    '--parley-focus-ring': 'var(--mantine-color-indigo-3)',
    '--parley-surface-muted': 'var(--mantine-color-dark-5)',
    '--parley-surface-page': 'var(--mantine-color-dark-8)',
  },
});
