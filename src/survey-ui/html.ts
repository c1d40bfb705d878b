// One tagged template for every respondent page: interpolated values are escaped unless they
// are Html already, so forgetting to escape is impossible rather than merely unlikely.
import { escapeHtml } from '../text/escape.ts';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | false | null | undefined | readonly Part[];

const render = (part: Part): string => {
  if (part === false || part === null || part === undefined) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
};

/** html`<p>${text}</p>`: strings and numbers are escaped, Html and arrays of Html are kept, false/null/undefined vanish. */
export const html = (strings: TemplateStringsArray, ...parts: Part[]): Html =>
  new Html(strings.reduce((out, literal, i) => out + literal + (i < parts.length ? render(parts[i] as Part) : ''), ''));

/** Trusted markup (our own CSS, script references); never for anything a person typed. */
export const trusted = (value: string): Html => new Html(value);
