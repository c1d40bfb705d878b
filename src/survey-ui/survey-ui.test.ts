// The respondent pages' promises that do not need a server: the first page fits in 14 KB
// compressed and asks nothing of anyone else, every interface string exists in every language,
// and the html template escapes by default.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NPS_SURVEY } from '../../test/support/surveys.ts';
import { LANGUAGES } from '../domain/surveys/definition.ts';
import { html, trusted } from './html.ts';
import { type Frame, renderQuestionPage, renderState, renderThankYou } from './render.ts';
import { SURVEY_SCRIPT } from './script.ts';
import { UI_STRINGS } from './strings.ts';

const frame = (language: (typeof LANGUAGES)[number]): Frame => ({
  language,
  languages: LANGUAGES,
  languageUrl: (l) => `/s/abcdefghijklmnopqrstuv?page=1&lang=${l}`,
  company: 'Hygge Bikes',
  branding: { colour: '#1d4ed8', logoUrl: '/brand/0f0e/logo-0123456789abcdef.svg' },
});

const firstPage = (language: (typeof LANGUAGES)[number]) =>
  renderQuestionPage({
    frame: frame(language),
    definition: NPS_SURVEY,
    questions: NPS_SURVEY.pages[0]?.questions ?? [],
    category: undefined,
    firstName: 'Astrid',
    anonymous: false,
    action: '/s/abcdefghijklmnopqrstuv',
    pageIndex: 0,
    position: 1,
    pageCount: 3,
    isLast: false,
    values: () => ['7'],
    problems: [],
    hidden: { _page: '1', _lang: language },
    emailScore: { anonymous: false },
  });

describe('the first page', () => {
  it.each(LANGUAGES)('is at most 14 KB gzip-compressed in %s', (language) => {
    const page = firstPage(language);
    expect(gzipSync(page).length).toBeLessThanOrEqual(14 * 1024);
  });

  it('names no other origin: every src, href and action is a path on ours', () => {
    const page = firstPage('en');
    const references = [...page.matchAll(/\b(?:src|href|action)="([^"]*)"/g)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(5);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/);
    expect(page).not.toMatch(/url\(|@import|https?:/);
    expect(page).not.toMatch(/<script>|<script(?![^>]*\bsrc=)/);
  });

  it('keeps the optional script under 5 KB', () => {
    expect(Buffer.byteLength(SURVEY_SCRIPT)).toBeLessThan(5 * 1024);
  });

  it('refuses a brand colour that white text cannot be read on, falling back to the default', () => {
    const page = renderQuestionPage({
      ...baseInput(),
      frame: { ...frame('en'), branding: { colour: '#ffff00', logoUrl: 'https://tracker.example/logo.png' } },
    });
    expect(page).toContain('--brand:#0f766e');
    expect(page).not.toContain('tracker.example');
  });
});

function baseInput() {
  return {
    frame: frame('en'),
    definition: NPS_SURVEY,
    questions: NPS_SURVEY.pages[0]?.questions ?? [],
    category: undefined,
    firstName: null,
    anonymous: false,
    action: '/s/x',
    pageIndex: 0,
    position: 1,
    pageCount: 1,
    isLast: true,
    values: () => [],
    problems: [],
    hidden: {},
  };
}

describe('interface strings', () => {
  it('has every string, non-empty, in all six languages, with the same placeholders', () => {
    const keys = Object.keys(UI_STRINGS.en).sort();
    for (const language of LANGUAGES) {
      const strings = UI_STRINGS[language] as unknown as Record<string, string>;
      expect(Object.keys(strings).sort(), language).toEqual(keys);
      for (const key of keys) {
        expect(strings[key]?.trim(), `${language}.${key}`).toBeTruthy();
        const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
        expect(placeholders(strings[key] as string), `${language}.${key}`).toEqual(
          placeholders((UI_STRINGS.en as unknown as Record<string, string>)[key] as string),
        );
      }
    }
  });

  it('renders the state and thank-you pages in the respondent language', () => {
    expect(renderState(frame('fi'), 'expired')).toContain('<h1>Linkki on vanhentunut</h1>');
    expect(renderThankYou({ frame: frame('de'), definition: NPS_SURVEY, category: 'promoter', firstName: null })).toContain('Bewertung schreiben');
  });
});

describe('the html template', () => {
  it('escapes interpolated text and attributes, keeps trusted markup and drops empty values', () => {
    const name = `"><script>alert('x')</script>`;
    expect(html`<p title="${name}">${name}${false}${null}${trusted('<br>')}${[html`<i>${'&'}</i>`]}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;<br><i>&amp;</i></p>',
    );
  });

  it('escapes survey texts and first names on the page', () => {
    const page = renderQuestionPage({ ...baseInput(), firstName: '<img src=x onerror=alert(1)>', frame: { ...frame('en'), company: 'A&B <Co>' } });
    expect(page).toContain('Hi &lt;img src=x onerror=alert(1)&gt;, two minutes of your time helps A&amp;B &lt;Co&gt; improve.');
    expect(page).not.toContain('<img src=x');
  });
});
