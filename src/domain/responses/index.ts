export { type AnswerProblem, type FormBody, MAX_TEXT, scaleOf } from './answers.ts';
export { type Answers, type AnswerValue, type ConditionContext, categoryOf, isShown, shownPages, shownQuestions } from './conditions.ts';
export { BLOCK_MS, BURST_MS, type EmailScoreOutcome, isValidEmailScore, recordEmailScore, settleEmailScore } from './email-scores.ts';
export { chooseLanguage, fromAcceptLanguage, type LanguageHints, primaryLanguage } from './language.ts';
export { loadPreview, type PreviewSource } from './preview.ts';
export { type ContactFacts, LINK_STATES, type LinkKind, type LinkState, markOpened, type OpenLink, type Resolved, resolveLink } from './resolve.ts';
export { conditionContext, loadProgress, type Progress, pinnedLink, type SubmitInput, type SubmitOutcome, submitPage } from './save.ts';
