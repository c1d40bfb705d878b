// Chooses one member by searching, so it works for organisations of any size.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type Member, type Page } from '../api.ts';
import { SelectField, TextField } from './Field.tsx';

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function useMember(memberId: string | null) {
  return useQuery({ queryKey: ['members', 'one', memberId], queryFn: () => api.get<Member>(`/members/${memberId}`), enabled: memberId !== null });
}

interface Props {
  label: string;
  name: string;
  initial: string | null;
  error?: unknown;
  /** The empty choice; "No owner" by default (a filter says "Any owner"). */
  emptyLabel?: string;
  /** Called with the chosen member's id ('' for the empty choice), for pickers that act at once, such as filters. */
  onChange?: (memberId: string) => void;
}

export function MemberPicker({ label, name, initial, error, emptyLabel, onChange }: Props) {
  const [search, setSearch] = useState('');
  const [value, setValue] = useState(initial ?? '');
  const q = useDebounced(search.trim(), 250);
  const current = useMember(initial);
  const results = useQuery({
    queryKey: ['members', 'search', q],
    queryFn: () => api.get<Page<Member>>('/members', { q: q || undefined, limit: 20 }),
    placeholderData: (previous) => previous,
  });
  const options = [...(current.data ? [current.data] : []), ...(results.data?.items ?? []).filter((m) => m.id !== current.data?.id)];

  return (
    <div className="picker">
      <TextField
        label={`Find ${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label.toLowerCase()}`}
        name={`${name}-search`}
        type="search"
        hint="Type a name, email or external ID; the list below shows the matches."
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        autoComplete="off"
      />
      <SelectField
        label={label}
        name={name}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          onChange?.(event.target.value);
        }}
        error={error}
      >
        <option value="">{emptyLabel ?? `No ${label.toLowerCase()}`}</option>
        {options.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
            {member.email ? ` (${member.email})` : ''}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
