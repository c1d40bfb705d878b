// A small complete NPS survey definition (main question, the "why", thank-you) for tests.
export function npsDefinition(languages: string[] = ['en', 'da']) {
  return {
    defaultLanguage: 'en',
    languages,
    mainQuestion: 'nps',
    pages: [
      {
        questions: [
          {
            key: 'nps',
            type: 'nps',
            required: true,
            text: {
              en: 'How likely is it that you would recommend {company} to a friend or colleague?',
              da: 'Hvor sandsynligt er det, at du vil anbefale {company}?',
            },
            minLabel: { en: 'Not at all likely', da: 'Slet ikke sandsynligt' },
            maxLabel: { en: 'Extremely likely', da: 'Meget sandsynligt' },
          },
        ],
      },
      { questions: [{ key: 'why', type: 'text', text: { en: 'Why?', da: 'Hvorfor?' } }] },
    ],
    thankYou: { text: { en: 'Thank you!', da: 'Tak!' } },
  };
}
