import { describe, expect, it } from 'vitest';
import { dueInWords, groupCases, hoursInWords, shareInWords, spanInWords } from './format-cases.ts';

const now = new Date(2026, 2, 10, 9, 0); // 10 March 2026, 09:00 local time
const at = (hours: number) => new Date(now.getTime() + hours * 3_600_000).toISOString();
const open = { status: 'new' as const, firstContactAt: null };

describe('due time in words', () => {
  it('says how long until the due time, or how long past it', () => {
    expect(dueInWords({ ...open, dueAt: at(3) }, now)).toBe('due in 3 h');
    expect(dueInWords({ ...open, dueAt: at(-2) }, now)).toBe('2 h overdue');
    expect(dueInWords({ ...open, dueAt: at(0.25) }, now)).toBe('due in 15 min');
    expect(dueInWords({ ...open, dueAt: at(72) }, now)).toBe('due in 3 days');
    expect(dueInWords({ ...open, dueAt: at(47) }, now)).toBe('due in 47 h');
  });

  it('once the customer is contacted, says whether it was in time; a case closed without contact has nothing to add', () => {
    expect(dueInWords({ status: 'contacted', firstContactAt: at(-6), dueAt: at(-5) }, now)).toBe('contacted in time');
    expect(dueInWords({ status: 'resolved', firstContactAt: at(-1), dueAt: at(-5) }, now)).toBe('contacted late');
    expect(dueInWords({ status: 'closed_without_contact', firstContactAt: null, dueAt: at(-5) }, now)).toBeNull();
  });

  it('rounds spans to people-sized units', () => {
    expect(spanInWords(10_000)).toBe('1 min');
    expect(spanInWords(-90 * 60_000)).toBe('2 h');
  });
});

describe('my cases today', () => {
  it('puts overdue cases first, then those due later today, then the rest, keeping the given order', () => {
    const items = [
      { id: 'late', ...open, overdue: true, dueAt: at(-30) },
      { id: 'contacted-late', status: 'contacted' as const, firstContactAt: at(-1), overdue: false, dueAt: at(-3) },
      { id: 'soon', ...open, overdue: false, dueAt: at(2) },
      { id: 'tonight', ...open, overdue: false, dueAt: at(14) },
      { id: 'tomorrow', ...open, overdue: false, dueAt: at(26) },
    ];
    expect(groupCases(items, now).map((g) => [g.key, g.items.map((i) => i.id)])).toEqual([
      ['overdue', ['late']],
      ['today', ['soon', 'tonight']],
      ['rest', ['contacted-late', 'tomorrow']],
    ]);
    expect(groupCases([], now)).toEqual([]);
  });
});

describe('KPI figures', () => {
  it('writes shares as whole percentages and hours with a decimal below ten', () => {
    expect(shareInWords(0.9)).toBe('90%');
    expect(shareInWords(null)).toBe('—');
    expect(hoursInWords(3.456)).toBe('3.5 h');
    expect(hoursInWords(26.4)).toBe('26 h');
    expect(hoursInWords(null)).toBe('—');
    expect(hoursInWords(0.25)).toBe('15 min');
    expect(hoursInWords(0.001)).toBe('under 1 min');
  });
});
