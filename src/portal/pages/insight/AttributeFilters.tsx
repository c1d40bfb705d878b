// Filters on the contacts' custom attributes (today's values): one control per attribute, written
// to the URL as the API's repeated `attribute=key:value`. Typing waits a moment before it filters.
import { useEffect, useRef } from 'react';
import { AttributeInput } from '../../components/AttributeInput.tsx';
import { useAttributeDefinitions } from '../../queries.ts';
import type { InsightFilter } from './filters.ts';

const TYPING_PAUSE_MS = 400;

/** `key:value` pairs of the URL as a map (the key cannot hold a colon; the value may). */
const pairsOf = (params: URLSearchParams) =>
  new Map(params.getAll('attribute').map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)] as const));

export function AttributeFilters({ filter }: { filter: InsightFilter }) {
  const definitions = useAttributeDefinitions();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  if (!definitions.data?.length) return null;
  const current = pairsOf(filter.params);

  const change = (key: string, text: string, wait: boolean) => {
    clearTimeout(timer.current);
    const apply = () => {
      const next = pairsOf(filter.params);
      if (text.trim()) next.set(key, text.trim());
      else next.delete(key);
      filter.set({ attribute: [...next].map(([name, value]) => `${name}:${value}`) });
    };
    if (wait) timer.current = setTimeout(apply, TYPING_PAUSE_MS);
    else apply();
  };

  return (
    <>
      {definitions.data.map((definition) => (
        <AttributeInput
          key={definition.id}
          definition={definition}
          name={`attribute.${definition.key}`}
          defaultValue={current.get(definition.key)}
          emptyLabel="Any"
          onChange={(text) => change(definition.key, text, definition.type !== 'list' && definition.type !== 'boolean')}
        />
      ))}
    </>
  );
}
