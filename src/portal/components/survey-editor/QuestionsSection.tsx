// The pages of the draft with their questions. Everything moves with buttons (no drag only), and
// after a move the focus follows the moved item so keyboard users keep their place.
import { useEffect, useState } from 'react';
import type { Question, QuestionType } from '../../../domain/surveys/definition.ts';
import { Status } from '../Notice.tsx';
import { useEditor } from './context.tsx';
import { moved, newQuestion, TYPE_LABELS } from './draft.ts';
import { ChoiceField } from './inputs.tsx';
import { QuestionEditor } from './QuestionEditor.tsx';

const buttonId = (page: number, index: number, action: string) => `question-${page}-${index}-${action}`;

export function QuestionsSection() {
  const { definition, update, language, readOnly } = useEditor();
  const [focusId, setFocusId] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [newType, setNewType] = useState<QuestionType>('text');

  // Focus the moved item's button once the new order is on screen.
  useEffect(() => {
    if (!focusId) return;
    const target = document.getElementById(focusId);
    (target instanceof HTMLButtonElement && target.disabled ? target.parentElement?.querySelector<HTMLElement>('button:not(:disabled)') : target)?.focus();
    setFocusId(null);
  }, [focusId]);

  const changeQuestion = (page: number, index: number, question: Question) =>
    update((d) => {
      const questions = d.pages[page]?.questions;
      if (questions) questions[index] = question;
    });

  const moveQuestion = (page: number, index: number, toPage: number, toIndex: number, action: string) => {
    update((d) => {
      const from = d.pages[page];
      const to = d.pages[toPage];
      if (!from || !to) return;
      if (page === toPage) from.questions = moved(from.questions, index, toIndex);
      else to.questions.splice(toIndex, 0, ...from.questions.splice(index, 1));
      if (from.questions.length === 0) d.pages.splice(page, 1);
    });
    const emptied = page !== toPage && (definition.pages[page]?.questions.length ?? 0) === 1;
    const landedPage = emptied && toPage > page ? toPage - 1 : toPage;
    setFocusId(buttonId(landedPage, toIndex, action));
    setStatus(`Moved to position ${toIndex + 1} on page ${landedPage + 1}.${emptied ? ` Page ${page + 1} was empty and is removed.` : ''}`);
  };

  // After a removal the focus goes to the heading of the page that now holds the place.
  const removeQuestion = (page: number, index: number) => {
    const emptied = (definition.pages[page]?.questions.length ?? 0) === 1;
    update((d) => {
      d.pages[page]?.questions.splice(index, 1);
      if (d.pages[page]?.questions.length === 0) d.pages.splice(page, 1);
    });
    setFocusId(`page-${emptied ? Math.max(page - 1, 0) : page}-title`);
    setStatus(`Question ${index + 1} on page ${page + 1} is removed.${emptied ? ` Page ${page + 1} was empty and is removed.` : ''}`);
  };

  const removePage = (page: number) => {
    update((d) => {
      d.pages.splice(page, 1);
    });
    setFocusId(`page-${Math.max(page - 1, 0)}-title`);
    setStatus(`Page ${page + 1} is removed with its questions.`);
  };

  const movePage = (page: number, to: number) => {
    update((d) => {
      d.pages = moved(d.pages, page, to);
    });
    setFocusId(`page-${to}-${to < page ? 'up' : 'down'}`);
    setStatus(`Page ${page + 1} is now page ${to + 1}.`);
  };

  const firstPageScales = definition.pages[0]?.questions.filter((q) => q.type === 'nps' || q.type === 'rating') ?? [];

  return (
    <div className="stack">
      {status && <Status message={status} />}
      <ChoiceField
        label="Main question"
        path="mainQuestion"
        value={definition.mainQuestion ?? ''}
        hint="The score the survey is measured by: an NPS question or a rating on the first page."
        onChange={(e) =>
          update((d) => {
            d.mainQuestion = e.target.value || undefined;
          })
        }
      >
        <option value="">None</option>
        {definition.mainQuestion && !firstPageScales.some((q) => q.key === definition.mainQuestion) && (
          <option value={definition.mainQuestion}>{definition.mainQuestion}</option>
        )}
        {firstPageScales.map((q) => (
          <option key={q.key} value={q.key}>
            {q.key}
          </option>
        ))}
      </ChoiceField>
      {definition.pages.map((page, p) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pages have no identity but their position
        <section key={p} className="survey-page" aria-labelledby={`page-${p}-title`}>
          <div className="survey-page-head">
            <h2 id={`page-${p}-title`} tabIndex={-1}>
              Page {p + 1}
            </h2>
            {!readOnly && (
              <div className="row-actions">
                <button type="button" id={`page-${p}-up`} className="button button-small" disabled={p === 0} onClick={() => movePage(p, p - 1)}>
                  Move page {p + 1} up
                </button>
                <button
                  type="button"
                  id={`page-${p}-down`}
                  className="button button-small"
                  disabled={p === definition.pages.length - 1}
                  onClick={() => movePage(p, p + 1)}
                >
                  Move page {p + 1} down
                </button>
                <button
                  type="button"
                  className="button button-small button-danger-quiet"
                  disabled={definition.pages.length === 1}
                  onClick={() => removePage(p)}
                >
                  Remove page {p + 1}
                </button>
              </div>
            )}
          </div>
          <ol className="question-list">
            {page.questions.map((q, i) => (
              // Questions are identified by position: their key is edited in place.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i} className="question-card">
                <fieldset aria-labelledby={`question-${p}-${i}-title`} className="question-group">
                  <details open>
                    <summary>
                      <span id={`question-${p}-${i}-title`} className="question-title">
                        <span className="visually-hidden">Page {p + 1}, </span>
                        Question {i + 1}: {q.text[language] || q.text[definition.defaultLanguage] || <span className="muted">no text yet</span>}
                      </span>{' '}
                      <span className="badge">{TYPE_LABELS[q.type]}</span> <code className="small">{q.key}</code>
                    </summary>
                    <QuestionEditor question={q} page={p} index={i} onChange={(next) => changeQuestion(p, i, next)} />
                  </details>
                  {!readOnly && (
                    <div className="row-actions question-actions">
                      <button
                        type="button"
                        id={buttonId(p, i, 'up')}
                        className="button button-small"
                        disabled={i === 0}
                        onClick={() => moveQuestion(p, i, p, i - 1, 'up')}
                      >
                        Move up
                        <span className="visually-hidden">
                          {' '}
                          (question {i + 1} on page {p + 1})
                        </span>
                      </button>
                      <button
                        type="button"
                        id={buttonId(p, i, 'down')}
                        className="button button-small"
                        disabled={i === page.questions.length - 1}
                        onClick={() => moveQuestion(p, i, p, i + 1, 'down')}
                      >
                        Move down
                        <span className="visually-hidden">
                          {' '}
                          (question {i + 1} on page {p + 1})
                        </span>
                      </button>
                      {p > 0 && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => moveQuestion(p, i, p - 1, definition.pages[p - 1]?.questions.length ?? 0, 'up')}
                        >
                          To page {p}
                          <span className="visually-hidden"> (question {i + 1})</span>
                        </button>
                      )}
                      {p < definition.pages.length - 1 && (
                        <button type="button" className="button button-small" onClick={() => moveQuestion(p, i, p + 1, 0, 'down')}>
                          To page {p + 2}
                          <span className="visually-hidden"> (question {i + 1})</span>
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        disabled={definition.pages.length === 1 && page.questions.length === 1}
                        onClick={() => removeQuestion(p, i)}
                      >
                        Remove
                        <span className="visually-hidden">
                          {' '}
                          question {i + 1} on page {p + 1}
                        </span>
                      </button>
                    </div>
                  )}
                </fieldset>
              </li>
            ))}
          </ol>
          {!readOnly && (
            <div className="inline-add">
              <label htmlFor={`new-type-${p}`}>Type of the new question</label>
              <select id={`new-type-${p}`} value={newType} onChange={(e) => setNewType(e.target.value as QuestionType)}>
                {(Object.keys(TYPE_LABELS) as QuestionType[]).map((type) => (
                  <option key={type} value={type}>
                    {TYPE_LABELS[type]}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button"
                onClick={() => {
                  update((d) => {
                    d.pages[p]?.questions.push(newQuestion(d, newType));
                  });
                  setStatus(`A ${TYPE_LABELS[newType].toLowerCase()} question is added to page ${p + 1}.`);
                }}
              >
                Add question to page {p + 1}
              </button>
            </div>
          )}
        </section>
      ))}
      {!readOnly && (
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              update((d) => {
                d.pages.push({ questions: [newQuestion(d, 'text')] });
              });
              setStatus(`Page ${definition.pages.length + 1} is added with an open text question.`);
            }}
          >
            Add a page
          </button>
        </div>
      )}
    </div>
  );
}
