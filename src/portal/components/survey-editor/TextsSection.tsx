// The survey's own texts: company name, intro, the invitation email, the thank-you and a thank-you
// per NPS category (promoters may get a link to leave a review or refer someone).
import { CATEGORIES, type Category } from '../../../domain/surveys/definition.ts';
import type { Definition } from './api.ts';
import { useEditor } from './context.tsx';
import { CATEGORY_LABELS, isEmptyText } from './draft.ts';
import { CheckField, InputField, LocalizedField } from './inputs.tsx';

type ThankYou = Definition['thankYou'];
type Invitation = NonNullable<Definition['invitation']>;

function ThankYouFields({ legend, path, value, onChange }: { legend: string; path: string; value: ThankYou; onChange: (next: ThankYou) => void }) {
  return (
    <fieldset className="fieldset stack">
      <legend>{legend}</legend>
      <LocalizedField label="Text" path={`${path}.text`} value={value.text} multiline onChange={(text) => onChange({ ...value, text })} />
      <CheckField
        label="Show a link"
        checked={value.link !== undefined}
        onChange={(on) => onChange({ ...value, link: on ? { url: 'https://', label: {} } : undefined })}
      />
      {value.link && (
        <div className="form-grid">
          <InputField
            label="Link address"
            path={`${path}.link.url`}
            type="url"
            value={value.link.url}
            onChange={(e) => value.link && onChange({ ...value, link: { ...value.link, url: e.target.value } })}
          />
          <LocalizedField
            label="Link text"
            path={`${path}.link.label`}
            value={value.link.label}
            onChange={(label) => value.link && onChange({ ...value, link: { ...value.link, label } })}
          />
        </div>
      )}
    </fieldset>
  );
}

/** The invitation email's own subject, message and reminder subject; without them the built-in texts are sent. */
function InvitationFields() {
  const { definition, update } = useEditor();
  const own = definition.invitation;
  const set = (next: Invitation | undefined) =>
    update((d) => {
      d.invitation = next;
    });
  return (
    <div className="stack">
      <CheckField label="An invitation email of its own" checked={own !== undefined} onChange={(on) => set(on ? { subject: {}, body: {} } : undefined)} />
      {own && (
        <fieldset className="fieldset stack">
          <legend>Invitation email</legend>
          <LocalizedField
            label="Subject"
            path="invitation.subject"
            value={own.subject}
            hint="Under about 60 characters. Texts may use {firstName}, {company}, {ownerName} and {accountName}."
            onChange={(subject) => set({ ...own, subject })}
          />
          <LocalizedField
            label="Message"
            path="invitation.body"
            value={own.body}
            multiline
            hint="Shown above the score buttons; a blank line starts a new paragraph."
            onChange={(body) => set({ ...own, body })}
          />
          <LocalizedField
            label="Reminder subject"
            path="invitation.reminderSubject"
            value={own.reminderSubject}
            hint="The one reminder uses the subject when this is empty."
            onChange={(reminderSubject) => set({ ...own, reminderSubject: isEmptyText(reminderSubject) ? undefined : reminderSubject })}
          />
        </fieldset>
      )}
    </div>
  );
}

export function TextsSection() {
  const { definition, update } = useEditor();
  const setCategory = (category: Category, next: ThankYou | undefined) =>
    update((d) => {
      const byCategory = { ...d.thankYouByCategory };
      if (next) byCategory[category] = next;
      else delete byCategory[category];
      d.thankYouByCategory = Object.keys(byCategory).length ? byCategory : undefined;
    });
  return (
    <div className="stack">
      <InputField
        label="Company name"
        path="companyName"
        value={definition.companyName ?? ''}
        hint="Replaces {company} in the texts; the workspace’s name when empty."
        onChange={(e) =>
          update((d) => {
            d.companyName = e.target.value || undefined;
          })
        }
      />
      <LocalizedField
        label="Introduction"
        path="intro"
        value={definition.intro}
        multiline
        hint="Shown above the first question. Texts may use {company} and {firstName}."
        onChange={(intro) =>
          update((d) => {
            d.intro = isEmptyText(intro) ? undefined : intro;
          })
        }
      />
      <InvitationFields />
      <ThankYouFields
        legend="Thank-you page"
        path="thankYou"
        value={definition.thankYou}
        onChange={(next) =>
          update((d) => {
            d.thankYou = next;
          })
        }
      />
      {CATEGORIES.map((category) => {
        const own = definition.thankYouByCategory?.[category];
        return (
          <div key={category} className="stack">
            <CheckField
              label={`A thank-you of their own for ${CATEGORY_LABELS[category]}`}
              checked={own !== undefined}
              onChange={(on) => setCategory(category, on ? { text: {} } : undefined)}
            />
            {own && (
              <ThankYouFields
                legend={`Thank-you for ${CATEGORY_LABELS[category]}`}
                path={`thankYouByCategory.${category}`}
                value={own}
                onChange={(next) => setCategory(category, next)}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
