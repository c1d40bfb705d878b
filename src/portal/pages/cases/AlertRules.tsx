// Alert rules: what turns an answer into a case or a notification. Owners and admins add, change,
// switch off and delete them; analysts and managers read them. Every workspace starts with three.
import { useQuery } from '@tanstack/react-query';
import type { AlertRuleView, Page, SurveyView } from '../../../domain/views.ts';
import { api } from '../../api.ts';
import { DeleteDialog, EditDeleteCell, OnOffCell, useRuleList } from '../../components/ItemActions.tsx';
import { ErrorNotice, Loading, Status } from '../../components/Notice.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePermissions } from '../../session.tsx';
import { AlertRuleDialog } from './AlertRuleDialog.tsx';
import { caseKeys, useAlertRules } from './queries.ts';
import { actionInWords, conditionInWords } from './rule-drafts.ts';

export function AlertRules() {
  const { manageLoop } = usePermissions();
  const { editing, setEditing, status, toggle, done } = useRuleList<AlertRuleView>('/alert-rules', caseKeys.rules);
  const rules = useAlertRules();
  const surveys = useQuery({ queryKey: ['surveys', 'for-alert-rules'], queryFn: () => api.get<Page<SurveyView>>('/surveys', { limit: 500 }) });
  const surveyName = (id: string) => surveys.data?.items.find((s) => s.id === id)?.name ?? 'a deleted survey';

  return (
    <>
      <PageHeader
        title="Alert rules"
        intro="When a finished answer matches every condition of a rule, its actions run: a case for the customer's owner, an email, or a post to Slack, Teams or a webhook."
        actions={
          manageLoop && (
            <button type="button" className="button button-primary" onClick={() => setEditing({ kind: 'create' })}>
              Add alert rule
            </button>
          )
        }
      />
      {!manageLoop && <p className="notice notice-info">You can read the alert rules; owners and admins change them.</p>}
      {status && <Status message={status} />}
      {toggle.error && <ErrorNotice error={toggle.error} />}
      {rules.isPending && <Loading what="alert rules" />}
      {rules.isError && <ErrorNotice error={rules.error} />}
      {rules.data && (
        <section className="card card-flush" aria-label="Alert rules">
          {rules.data.length === 0 ? (
            <p className="empty">No alert rules: no answer opens a case.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">When</th>
                  <th scope="col">Then</th>
                  <th scope="col">On</th>
                  {manageLoop && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {rules.data.map((rule) => (
                  <tr key={rule.id}>
                    <th scope="row" data-label="Name">
                      {rule.name}
                      {rule.defaultKey && <span className="muted small block">Built in</span>}
                    </th>
                    <td data-label="When">{rule.conditions.map((c) => conditionInWords(c, surveyName)).join(' and ')}</td>
                    <td data-label="Then">{rule.actions.map(actionInWords).join(', ')}</td>
                    <OnOffCell name={rule.name} enabled={rule.enabled} canChange={manageLoop} pending={toggle.isPending} onToggle={() => toggle.mutate(rule)} />
                    {manageLoop && (
                      <EditDeleteCell
                        item={rule.name}
                        onEdit={() => setEditing({ kind: 'edit', rule })}
                        onDelete={() => setEditing({ kind: 'delete', rule })}
                      />
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      {editing?.kind === 'create' && <AlertRuleDialog onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'edit' && <AlertRuleDialog rule={editing.rule} onClose={() => setEditing(null)} onDone={done} />}
      {editing?.kind === 'delete' && (
        <DeleteDialog
          name={editing.rule.name}
          noun="alert rule"
          path={`/alert-rules/${editing.rule.id}`}
          refresh={[caseKeys.rules]}
          onClose={() => setEditing(null)}
          onDeleted={() => done(`Alert rule ${editing.rule.name} is deleted.`)}
        >
          <p>Answers no longer match it. The cases it opened stay, with their timelines.</p>
        </DeleteDialog>
      )}
    </>
  );
}
