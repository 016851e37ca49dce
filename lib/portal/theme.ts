// The operator's accent colour as the dashboard's palette. The dashboard's accent is Tailwind's
// indigo (buttons bg-indigo-600 with white text, links text-indigo-700 on white, light
// bg-indigo-50 highlights): the portal redefines those CSS variables from one colour, darkening it
// where needed so that white text on buttons and accent text on white stay readable (WCAG AA 4.5:1).

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** Mixes `amount` (0-1) of `other` into `color`. */
function mix(color: Rgb, other: Rgb, amount: number): Rgb {
  return color.map((c, i) => c + (other[i] - c) * amount) as Rgb;
}

function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio against white. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(parseHex(hex)) + 0.05);
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/** The colour itself, or the least darkened version of it that reaches `ratio` against white. */
function readableOnWhite(color: Rgb, ratio: number): Rgb {
  for (let amount = 0; amount <= 1; amount += 0.02) {
    const candidate = mix(color, BLACK, amount);
    if (1.05 / (luminance(candidate) + 0.05) >= ratio) return candidate;
  }
  return BLACK;
}

/** CSS custom properties replacing the dashboard's indigo shades with the accent. */
export function accentPalette(accentHex: string): Record<string, string> {
  const accent = parseHex(accentHex);
  const strong = readableOnWhite(accent, 4.5);
  return {
    "--color-indigo-50": toHex(mix(accent, WHITE, 0.9)),
    "--color-indigo-300": toHex(mix(strong, WHITE, 0.55)),
    "--color-indigo-500": toHex(mix(strong, WHITE, 0.15)),
    "--color-indigo-600": toHex(strong),
    "--color-indigo-700": toHex(readableOnWhite(mix(strong, BLACK, 0.1), 5.5)),
  };
}

/** A `:root { … }` rule for the palette (the accent is validated as #rrggbb, so nothing else gets in). */
export function accentStylesheet(accentHex: string): string {
  return `:root{${Object.entries(accentPalette(accentHex))
    .map(([name, value]) => `${name}:${value}`)
    .join(";")}}`;
}
