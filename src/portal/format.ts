const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

const roleLabels = { owner: 'Owner', admin: 'Admin', analyst: 'Analyst', manager: 'Manager', frontline: 'Frontline' } as const;

export const roleLabel = (role: keyof typeof roleLabels) => roleLabels[role];

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A calendar date (YYYY-MM-DD) as written locally, read without a time zone shift. */
export const formatDate = (day: string) => date.format(new Date(`${day}T00:00:00`));

const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const formatNumber = (value: number) => number.format(value);

const consentLabels = { unknown: 'Not asked', granted: 'Granted', withdrawn: 'Withdrawn' } as const;

export const consentLabel = (consent: keyof typeof consentLabels) => consentLabels[consent];

/** A contact's name for people: first and last name, else the email, else a neutral word. */
export function contactName(contact: { firstName: string | null; lastName: string | null; email: string | null; erasedAt: string | null }): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  if (name) return name;
  if (contact.email) return contact.email;
  return contact.erasedAt ? 'Erased contact' : 'Unnamed contact';
}
