const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

const roleLabels = { owner: 'Owner', admin: 'Admin', analyst: 'Analyst', manager: 'Manager', frontline: 'Frontline' } as const;

export const roleLabel = (role: keyof typeof roleLabels) => roleLabels[role];
