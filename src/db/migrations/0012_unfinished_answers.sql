-- Answers that stop half-way: a respondent who clicks a score in the invitation email (or scores
-- on the page) and leaves never completes the response, so the alert rules, which run on
-- completion, would never see a detractor who said nothing more. The loop-unfinished job evaluates
-- such a response once it has been idle for a while and records when (alerts_evaluated_at); new
-- activity after that (updated_at later) makes it due again.
alter table responses add column alerts_evaluated_at timestamptz;

create index responses_unfinished_scored on responses (updated_at)
  where completed_at is null and score is not null;
