// Keyword conditions match words, not letters: "opsagt" in a comment matches the keyword "opsige",
// "cancelled" matches "cancel". Both sides are lower-cased, split into words (letters and digits
// of any script) and stemmed with the Snowball stemmer of the answer's language. Snowball strips
// one suffix layer per pass, so words are stemmed twice ("utilfredse" → "utilfreds" → "utilfred"
// meets "utilfreds" → "utilfred"). A phrase matches its stemmed words in a row.
import snowball, { type Stemmer } from 'snowball-stemmers';
import type { Language } from '../surveys/definition.ts';

const ALGORITHM: Record<Language, string> = { en: 'english', da: 'danish', sv: 'swedish', nb: 'norwegian', de: 'german', fi: 'finnish' };
const stemmers = new Map<Language, Stemmer>();

function stemmerFor(language: Language): Stemmer {
  let stemmer = stemmers.get(language);
  if (!stemmer) {
    stemmer = snowball.newStemmer(ALGORITHM[language]);
    stemmers.set(language, stemmer);
  }
  return stemmer;
}

const words = (text: string): string[] => text.toLocaleLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The text's words, stemmed in the language. */
export function stems(text: string, language: Language): string[] {
  const stemmer = stemmerFor(language);
  return words(text).map((word) => stemmer.stem(stemmer.stem(word)));
}

/** Whether any keyword (or phrase) occurs in the text, both stemmed in the language. */
export function containsKeyword(text: string, keywords: readonly string[], language: Language): boolean {
  const tokens = stems(text, language);
  return keywords.some((keyword) => {
    const phrase = stems(keyword, language);
    if (phrase.length === 0) return false;
    for (let start = 0; start + phrase.length <= tokens.length; start++) {
      if (phrase.every((stem, i) => tokens[start + i] === stem)) return true;
    }
    return false;
  });
}
