// The draft's problems in words people read ("Page 2, question 1: condition…"), each leading to
// its field: the section opens and the field gets the focus.
import type { Problem } from './context.tsx';
import { fieldId } from './draft.ts';

export type Section = 'questions' | 'texts' | 'translations' | 'settings' | 'versions' | 'preview';

export function sectionOf(path: string): Section {
  if (path.startsWith('pages') || path.startsWith('mainQuestion')) return 'questions';
  if (path.startsWith('languages') || path.startsWith('defaultLanguage') || path.startsWith('texts.')) return 'translations';
  return 'texts';
}

const PARTS: Record<string, string> = {
  mainQuestion: 'Main question',
  intro: 'Introduction',
  thankYou: 'Thank-you page',
  thankYouByCategory: 'Thank-you by category',
  languages: 'Languages',
  defaultLanguage: 'Default language',
  companyName: 'Company name',
};

export function describePath(path: string): string {
  if (path.startsWith('texts.')) return `Text ${path.slice('texts.'.length)}`;
  const question = /^pages\.(\d+)\.questions\.(\d+)\.?(.*)$/.exec(path);
  if (question) return `Page ${Number(question[1]) + 1}, question ${Number(question[2]) + 1}${question[3] ? `, ${question[3]}` : ''}`;
  const page = /^pages\.(\d+)/.exec(path);
  if (page) return `Page ${Number(page[1]) + 1}`;
  const [head = '', ...rest] = path.split('.');
  return [PARTS[head] ?? head, ...rest].join(', ');
}

/** The closest element the editor renders for a path: the field itself, or the one that holds it. */
function targetOf(path: string): HTMLElement | null {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const element = document.getElementById(fieldId(parts.slice(0, n).join('.')));
    if (element) return element;
  }
  return null;
}

export function focusField(path: string) {
  const element = targetOf(path);
  element?.closest('details')?.setAttribute('open', '');
  element?.focus();
}

export function ProblemList({ problems, onGo }: { problems: readonly Problem[]; onGo: (problem: Problem) => void }) {
  return (
    <ul className="problem-list">
      {problems.map((problem) => (
        <li key={`${problem.field}:${problem.message}`}>
          <button type="button" className="button-link" onClick={() => onGo(problem)}>
            {describePath(problem.field)}
          </button>
          : {problem.message}
        </li>
      ))}
    </ul>
  );
}
