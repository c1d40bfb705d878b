// The rules of workspace branding, shared by the server (which enforces them) and the portal
// (which shows them while a colour or logo is picked): logo formats and size, and colour
// contrast. Contrast is WCAG 2.2 relative
// luminance and contrast ratio, as defined in the standard: no colour library is installed, and
// the definition is a few lines (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio).

/** Respondent buttons carry white text on the brand colour: WCAG 1.4.3 asks 4.5:1 for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;
/** Focus rings and selections need 3:1 against what surrounds them (WCAG 1.4.11). */
export const MIN_UI_CONTRAST = 3;
/** The background of respondent pages in dark mode. */
export const DARK_BACKGROUND = '#121212';

const HEX = /^#[0-9a-f]{6}$/i;

export const isHexColour = (value: string): boolean => HEX.test(value);

type Rgb = readonly [number, number, number];

const rgbOf = (hex: string): Rgb => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];

const hexOf = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

const channel = (value: number) => {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

const luminance = ([r, g, b]: Rgb) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

/** The contrast ratio of two #RRGGBB colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(rgbOf(a)), luminance(rgbOf(b))];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** A ratio as people read it, never rounded up past a threshold: 4.499 shows as 4.49:1, not 4.5:1. */
export const formatRatio = (ratio: number): string => `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;

/** Mixes a colour towards a target in small steps until `passes`, keeping its hue. */
function stepTowards(hex: string, target: Rgb, passes: (hex: string) => boolean): string {
  const from = rgbOf(hex);
  for (let step = 1; step <= 50; step++) {
    const t = step / 50;
    const candidate = hexOf([from[0] + (target[0] - from[0]) * t, from[1] + (target[1] - from[1]) * t, from[2] + (target[2] - from[2]) * t]);
    if (passes(candidate)) return candidate;
  }
  return hexOf(target);
}

export interface ColourVerdict {
  colour: string;
  /** Contrast of white text on the colour. */
  ratio: number;
  ok: boolean;
  /** The nearest darker shade of the same hue that passes, when the colour does not. */
  suggestion: string | null;
  /** The focus/selection colour to use in dark mode: the colour itself, or a lighter shade of it that stands out on DARK_BACKGROUND. */
  focusOnDark: string;
}

export function checkBrandColour(hex: string): ColourVerdict {
  const colour = hex.toLowerCase();
  const ratio = contrastRatio(colour, '#ffffff');
  const ok = ratio >= MIN_TEXT_CONTRAST;
  const passesWhite = (candidate: string) => contrastRatio(candidate, '#ffffff') >= MIN_TEXT_CONTRAST;
  const passesDark = (candidate: string) => contrastRatio(candidate, DARK_BACKGROUND) >= MIN_UI_CONTRAST;
  return {
    colour,
    ratio,
    ok,
    suggestion: ok ? null : stepTowards(colour, [0, 0, 0], passesWhite),
    focusOnDark: passesDark(colour) ? colour : stepTowards(colour, [255, 255, 255], passesDark),
  };
}

/** The sentence a person reads when the colour is refused. */
export const colourRefusal = (verdict: ColourVerdict): string =>
  `White text on ${verdict.colour} has a contrast ratio of ${formatRatio(verdict.ratio)}; buttons need at least ${MIN_TEXT_CONTRAST}:1. ` +
  `Choose a darker shade, such as ${verdict.suggestion} (${formatRatio(contrastRatio(verdict.suggestion ?? verdict.colour, '#ffffff'))}).`;

/** The largest logo accepted: respondent pages must stay small on a poor phone connection. */
export const MAX_LOGO_BYTES = 200 * 1024;

/** Accepted logo formats, by content type, with the file extension of their public URL. */
export const LOGO_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/svg+xml': 'svg' } as const;
export type LogoType = keyof typeof LOGO_TYPES;

/** The branding of a workspace as the API shows it. */
export interface BrandingView {
  colour: string | null;
  /** Same-origin URL of the logo, changing with its content (cache forever). */
  logoUrl: string | null;
  logo: { contentType: LogoType; bytes: number } | null;
  /** Contrast of white text on the colour. */
  contrastWithWhite: number | null;
  /** The focus/selection colour respondent pages use in dark mode. */
  focusColourOnDark: string | null;
}
