// Surveys: the definition (questions, conditions, texts in six languages), drafts frozen into
// versions by publishing, touchpoints, and personal links. Answers live in domain/responses.
export { checkDefinition, checkPublishable, type DefinitionContext, type DefinitionProblem, MAX_QUESTIONS } from './check.ts';
export {
  CATEGORIES,
  type Category,
  Condition,
  LANGUAGES,
  type Language,
  LanguageSchema,
  LocalizedText,
  npsCategory,
  Question,
  type QuestionType,
  questionsOf,
  SCALES,
  SurveyDefinition,
} from './definition.ts';
export { createPersonalLink, type NewPersonalLink, personalLinkUrl } from './links.ts';
export { type DraftChange, getSurveyVersion, listSurveyVersions, publishSurvey, saveDraft } from './publish.ts';
export {
  createSurvey,
  deleteSurvey,
  getSurvey,
  listSurveys,
  listSurveyTemplates,
  type NewSurvey,
  type SurveyFilter,
  type SurveySettings,
  setSurveyOpen,
  updateSurveySettings,
} from './surveys.ts';
export { localize, type TextEntry, textsOf, type Untranslated, untranslatedTexts } from './texts.ts';
export { createTouchpoint, deleteTouchpoint, listTouchpoints, type NewTouchpoint, updateTouchpoint } from './touchpoints.ts';
export { importSurveyTranslations, surveyTranslationsWorkbook, XLSX_TYPE } from './translations.ts';
