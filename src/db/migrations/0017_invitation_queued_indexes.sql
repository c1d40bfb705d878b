-- The hourly rate is summed from sending_counts (0015), so nothing reads invitations by
-- (workspace_id, queued_at) or (workspace_id, reminder_queued_at) any more. Neither index can be skipped
-- when an invitation is updated (queued, then sent: both change indexed columns, so neither update is
-- HOT), so each cost an index entry per update for no reader.
drop index survey_invitations_queued_idx;
drop index survey_invitations_reminder_queued_idx;
