-- Scores chosen inside an invitation email, tracked per personal link so a link scanner that
-- fetches all eleven score links cannot record an answer (src/survey-ui/README.md, "Scores in the email").
-- email_score: the last score the page posted on behalf of the email link, and when. For anonymous
--   surveys it waits here (never in responses, which must not point to the invitation) until the
--   burst window has passed, then moves into an unlinked response and is cleared.
-- email_scores_blocked_until: a burst of different scores was seen; email-link posts are ignored until then.
alter table survey_invitations
  add column email_score smallint check (email_score between 0 and 10),
  add column email_score_at timestamptz,
  add column email_scores_blocked_until timestamptz;
