// Which language a respondent reads: an explicit choice on the page, then the language the
// response was started in, the invitation's, the contact's, the browser's Accept-Language,
// and finally the survey's default — always one of the survey's own languages.
import negotiate from '@fastify/accept-negotiator';
import { LANGUAGES, type Language } from '../surveys/definition.ts';

export interface LanguageHints {
  /** ?lang= or the form's _lang: the respondent picked it in the switcher. */
  requested?: string | null;
  response?: string | null;
  invitation?: string | null;
  contact?: string | null;
  acceptLanguage?: string | null;
}

/** 'da-DK', 'DA', 'da_dk' → 'da'; 'no' and 'nn' read bokmål, the only Norwegian we have. */
export function primaryLanguage(tag: string | null | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  const normalised = primary === 'no' || primary === 'nn' ? 'nb' : primary;
  return LANGUAGES.find((language) => language === normalised);
}

export function chooseLanguage(survey: { languages: readonly Language[]; defaultLanguage: Language }, hints: LanguageHints): Language {
  const offered = (tag: string | null | undefined) => {
    const language = primaryLanguage(tag);
    return language && survey.languages.includes(language) ? language : undefined;
  };
  return (
    offered(hints.requested) ??
    offered(hints.response) ??
    offered(hints.invitation) ??
    offered(hints.contact) ??
    fromAcceptLanguage(hints.acceptLanguage, survey.languages) ??
    survey.defaultLanguage
  );
}

/** The best of `languages` for an Accept-Language header; regional tags count for their language. */
export function fromAcceptLanguage(header: string | null | undefined, languages: readonly Language[]): Language | undefined {
  if (!header) return undefined;
  // Reduce "da-DK;q=0.9" to "da;q=0.9" so the negotiator compares languages, not regions.
  const simplified = header
    .split(',')
    .slice(0, 20)
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const language = primaryLanguage(tag) ?? tag.trim().toLowerCase();
      return [language, ...params].join(';');
    })
    .join(',');
  return (negotiate(simplified, [...languages]) as Language | null) ?? undefined;
}
