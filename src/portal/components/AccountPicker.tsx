// Chooses one account by searching, like the member picker.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { type Account, api, type Page } from '../api.ts';
import { keys, useAccount } from '../queries.ts';
import { SelectField, TextField } from './Field.tsx';
import { useDebounced } from './MemberPicker.tsx';

export function AccountPicker({ name, initial, error }: { name: string; initial: string | null; error?: unknown }) {
  const [search, setSearch] = useState('');
  const [value, setValue] = useState(initial ?? '');
  const q = useDebounced(search.trim(), 250);
  const current = useAccount(initial);
  const results = useQuery({
    queryKey: [...keys.accounts, 'search', q],
    queryFn: () => api.get<Page<Account>>('/accounts', { q: q || undefined, limit: 20 }),
    placeholderData: (previous) => previous,
  });
  const options = [...(current.data ? [current.data] : []), ...(results.data?.items ?? []).filter((a) => a.id !== current.data?.id)];
  return (
    <div className="picker">
      <TextField
        label="Find an account"
        name={`${name}-search`}
        type="search"
        hint="Type a company name or external ID; the list below shows the matches."
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        autoComplete="off"
      />
      <SelectField label="Account" name={name} value={value} onChange={(event) => setValue(event.target.value)} error={error}>
        <option value="">No account</option>
        {options.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
