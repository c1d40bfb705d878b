// What every part of the editor shares: the draft, how to change it, the language being edited
// and the problems the server reported for the draft, by field path.
import { createContext, useContext } from 'react';
import type { Language } from '../../../domain/surveys/definition.ts';
import type { Definition } from './api.ts';
import { problemBelongs } from './draft.ts';

export interface Problem {
  field: string;
  message: string;
}

export interface EditorState {
  definition: Definition;
  /** Changes a copy of the draft; `change` may mutate the copy it gets. */
  update(change: (draft: Definition) => void): void;
  /** The language whose texts the Questions and Texts sections show and edit. */
  language: Language;
  problems: readonly Problem[];
  readOnly: boolean;
}

export const EditorContext = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const state = useContext(EditorContext);
  if (!state) throw new Error('useEditor is used outside the survey editor');
  return state;
}

/** Messages for a field and anything inside it (a text's languages), or only for the field itself. */
export function useProblems(path: string, exact = false): string[] {
  const { problems } = useEditor();
  return problems.filter((p) => (exact ? p.field === path : problemBelongs(p.field, path))).map((p) => p.message);
}
