// The survey's languages and a grid of every text × language, untranslated cells marked, each
// editable in place. Text ids are those of the server (texts.ts), so its lists match this grid.
import { type ReactNode, useState } from 'react';
import { LANGUAGES, type Language } from '../../../domain/surveys/definition.ts';
import { textsOf, untranslatedTexts } from '../../../domain/surveys/texts.ts';
import { useEditor } from './context.tsx';
import { fieldId, LANGUAGE_NAMES, withText } from './draft.ts';
import { CheckField, ChoiceField } from './inputs.tsx';

export function TranslationsSection({ children }: { children?: ReactNode }) {
  const { definition, update, readOnly } = useEditor();
  const missing = untranslatedTexts(definition);
  // The texts missing when the filter was turned on: a row stays while it is being translated.
  const [onlyMissing, setOnlyMissing] = useState<ReadonlySet<string> | null>(null);
  const entries = textsOf(definition).filter((entry) => !onlyMissing || onlyMissing.has(entry.id));
  const languages = LANGUAGES.filter((l) => definition.languages.includes(l));

  const setLanguages = (next: Language[]) =>
    update((d) => {
      d.languages = LANGUAGES.filter((l) => next.includes(l));
    });

  const setCell = (id: string, language: Language, value: string) =>
    update((d) => {
      const entry = textsOf(d).find((e) => e.id === id);
      entry?.set(d, withText(entry.text, language, value));
    });

  return (
    <div className="stack">
      <fieldset className="fieldset">
        <legend>Languages respondents may get</legend>
        <div className="check-row">
          {LANGUAGES.map((language) => (
            <CheckField
              key={language}
              label={LANGUAGE_NAMES[language]}
              checked={definition.languages.includes(language)}
              onChange={(on) =>
                language !== definition.defaultLanguage &&
                setLanguages(on ? [...definition.languages, language] : definition.languages.filter((l) => l !== language))
              }
            />
          ))}
        </div>
        <p className="hint">The default language cannot be removed; choose another default first.</p>
      </fieldset>
      <ChoiceField
        label="Default language"
        path="defaultLanguage"
        value={definition.defaultLanguage}
        hint="Used when neither the contact nor the browser asks for one of the survey’s languages."
        onChange={(e) =>
          update((d) => {
            const language = e.target.value as Language;
            d.defaultLanguage = language;
            if (!d.languages.includes(language)) d.languages = LANGUAGES.filter((l) => l === language || d.languages.includes(l));
          })
        }
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </ChoiceField>
      <div className="translation-summary" role="status">
        <p className="untranslated-count">
          {missing.length === 0 ? 'Every text is translated.' : `${missing.length} ${missing.length === 1 ? 'text is' : 'texts are'} untranslated.`}
        </p>
        {missing.length > 0 && (
          <ul className="inline-list">
            {languages.map((language) => {
              const count = missing.filter((m) => m.language === language).length;
              return count > 0 && <li key={language}>{`${LANGUAGE_NAMES[language]}: ${count}`}</li>;
            })}
          </ul>
        )}
      </div>
      {children}
      <label className="checkbox">
        <input type="checkbox" checked={onlyMissing !== null} onChange={(e) => setOnlyMissing(e.target.checked ? new Set(missing.map((m) => m.id)) : null)} />
        Show only texts with missing translations
      </label>
      <div className="table-scroll">
        <table className="table translation-grid">
          <caption className="visually-hidden">Every text of the survey in each of its languages</caption>
          <thead>
            <tr>
              <th scope="col">Text</th>
              {languages.map((language) => (
                <th key={language} scope="col">
                  {LANGUAGE_NAMES[language]}
                  {language === definition.defaultLanguage && ' (default)'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <th scope="row" id={fieldId(`texts.${entry.id}`)} tabIndex={-1}>
                  <code>{entry.id}</code>
                </th>
                {languages.map((language) => {
                  const value = entry.text[language] ?? '';
                  return (
                    <td key={language} data-label={LANGUAGE_NAMES[language]} className={value.trim() ? undefined : 'untranslated'}>
                      <textarea
                        rows={2}
                        aria-label={`${entry.id} in ${LANGUAGE_NAMES[language]}`}
                        placeholder="Untranslated"
                        readOnly={readOnly}
                        value={value}
                        onChange={(e) => setCell(entry.id, language, e.target.value)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
