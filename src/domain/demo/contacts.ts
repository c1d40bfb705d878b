// The demo's customers: attribute definitions, business accounts and contacts with owners,
// segments, languages and CRM attributes. Built in JavaScript from the seeded generator (a few
// thousand rows) and written in chunks; the answers, which can be millions, are made in SQL.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { DemoBranch } from './organisation.ts';
import { pick } from './random.ts';
import { asciiFold, ENGLISH_NAMES, ENGLISH_SHARE, PRODUCTS, SEGMENTS } from './world.ts';

const CHUNK = 1000;

export const DEMO_ATTRIBUTES = [
  { key: 'customer_type', label: 'Customer type', type: 'list', allowed_values: JSON.stringify(['Residential', 'Business', 'Public sector']) },
  { key: 'product', label: 'Product', type: 'list', allowed_values: JSON.stringify(PRODUCTS) },
  { key: 'contract_value', label: 'Contract value (EUR a year)', type: 'number', allowed_values: null },
  { key: 'customer_since', label: 'Customer since', type: 'date', allowed_values: null },
  { key: 'green_tariff', label: 'Green tariff', type: 'boolean', allowed_values: null },
] as const;

interface AccountRow {
  id: string;
  workspace_id: string;
  external_id: string;
  name: string;
  segment: string;
  revenue: number;
  owner_member_id: string;
  unit_id: string;
}

function chooseSegment(random: () => number): (typeof SEGMENTS)[number] {
  let u = random();
  for (const segment of SEGMENTS) {
    if (u < segment.share) return segment;
    u -= segment.share;
  }
  return SEGMENTS[0];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export async function createDemoContacts(
  db: Db,
  input: { workspaceId: string; branches: DemoBranch[]; contacts: number; now: Date },
  random: () => number,
): Promise<{ contacts: number; accounts: number }> {
  const { workspaceId, branches, now } = input;
  await db
    .insertInto('attribute_definitions')
    .values(DEMO_ATTRIBUTES.map((definition) => ({ ...definition, workspace_id: workspaceId })))
    .execute();
  // Bigger and smaller branches: each gets a weight between 0.5 and 1.5.
  const weights = branches.map(() => 0.5 + random());
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const branchOf = () => {
    let u = random() * total;
    for (const [index, weight] of weights.entries()) {
      if (u < weight) return branches[index] as DemoBranch;
      u -= weight;
    }
    return branches[branches.length - 1] as DemoBranch;
  };
  const accounts: AccountRow[] = [];
  // An open account per branch and segment takes contacts until it is full (1–6 people).
  const openAccounts = new Map<string, { row: AccountRow; room: number }>();
  const accountFor = (branch: DemoBranch, segment: (typeof SEGMENTS)[number]) => {
    const key = `${branch.unitId}:${segment.name}`;
    const open = openAccounts.get(key);
    if (open && open.room > 0) {
      open.room -= 1;
      return open.row;
    }
    const country = branch.country;
    const name =
      segment.name === 'Public'
        ? country.publicBody(branch.name)
        : `${pick(random, country.lastNames)} ${pick(random, country.trades)} ${pick(random, country.companySuffixes)}`;
    const revenueScale = segment.name === 'Enterprise' ? 2_000_000 : segment.name === 'Public' ? 800_000 : 150_000;
    const row: AccountRow = {
      id: randomUUID(),
      workspace_id: workspaceId,
      external_id: `NE-A-${String(accounts.length + 1).padStart(5, '0')}`,
      name,
      segment: segment.name,
      revenue: Math.round(revenueScale * (0.3 + random() * 1.7)),
      owner_member_id: pick(random, branch.ownerMemberIds),
      unit_id: branch.unitId,
    };
    accounts.push(row);
    openAccounts.set(key, { row, room: Math.floor(random() * 6) });
    return row;
  };

  const contacts = Array.from({ length: input.contacts }, (_, index) => {
    const branch = branchOf();
    const country = branch.country;
    const english = random() < ENGLISH_SHARE;
    const names = english ? ENGLISH_NAMES : country;
    const firstName = pick(random, names.firstNames);
    const lastName = pick(random, names.lastNames);
    const segment = chooseSegment(random);
    const account = segment.name === 'Private' ? null : accountFor(branch, segment);
    const since = new Date(now.getTime() - Math.floor(random() * 12 * 365) * 86_400_000);
    const product = pick(random, PRODUCTS);
    const base = segment.name === 'Private' ? 1_200 : segment.name === 'Enterprise' ? 90_000 : 12_000;
    return {
      workspace_id: workspaceId,
      external_id: `NE-${String(index + 1).padStart(6, '0')}`,
      email: `${asciiFold(firstName)}.${asciiFold(lastName)}.${index + 1}@example.com`,
      phone: `${country.phonePrefix}${String(20_000_000 + Math.floor(random() * 69_999_999))}`,
      first_name: firstName,
      last_name: lastName,
      language: english ? 'en' : country.language,
      time_zone: country.timeZone,
      account_id: account?.id ?? null,
      owner_member_id: account?.owner_member_id ?? pick(random, branch.ownerMemberIds),
      unit_id: branch.unitId,
      segment: segment.name,
      attributes: JSON.stringify({
        customer_type: segment.customerType,
        product,
        contract_value: Math.round(base * (0.4 + random() * 1.6)),
        customer_since: isoDay(since),
        green_tariff: random() < 0.45,
      }),
      consent: 'granted' as const,
    };
  });
  for (let start = 0; start < accounts.length; start += CHUNK) {
    await db
      .insertInto('accounts')
      .values(accounts.slice(start, start + CHUNK))
      .execute();
  }
  for (let start = 0; start < contacts.length; start += CHUNK) {
    await db
      .insertInto('contacts')
      .values(contacts.slice(start, start + CHUNK))
      .execute();
  }
  return { contacts: contacts.length, accounts: accounts.length };
}
