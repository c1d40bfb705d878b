// The filters every insight view shares. Each control writes the address bar at once (no Apply
// button): the views below follow the URL. On a phone the less used filters fold away.
import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../api.ts';
import { SelectField } from '../../components/Field.tsx';
import type { Survey } from '../../components/survey-editor/api.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { formatDateTime } from '../../format.ts';
import { useUnits } from '../../queries.ts';
import { usePermissions } from '../../session.tsx';
import { AttributeFilters } from './AttributeFilters.tsx';
import { CONFIDENCE_LEVELS, DEFAULT_DAYS, type InsightFilter, PERIOD_DAYS } from './filters.ts';

const CATEGORIES = { promoter: 'Promoters (9–10)', passive: 'Passives (7–8)', detractor: 'Detractors (0–6)' } as const;
const CHANNELS = { email: 'Email', link: 'Link', kiosk: 'Kiosk', api: 'API' } as const;

export const useSurveyList = () =>
  useQuery({ queryKey: ['surveys', 'all-for-insight'], queryFn: async () => (await api.get<Page<Survey>>('/surveys', { limit: 500 })).items });

/** A period end as given in the address: a date as it is, a date-time (from a digest's link) as local time. */
const periodEnd = (value: string) => (value.includes('T') && !Number.isNaN(Date.parse(value)) ? formatDateTime(value) : value);

export function FilterBar({ filter }: { filter: InsightFilter }) {
  const surveys = useSurveyList();
  const units = useUnits();
  const { seesUnits } = usePermissions();
  const value = (key: string) => filter.params.get(key) ?? '';
  const periodValue = filter.days === null ? 'custom' : String(filter.days);

  const setPeriod = (next: string) => {
    if (next !== 'custom') filter.set({ from: null, to: null, days: next === String(DEFAULT_DAYS) ? null : next });
  };

  return (
    <form className="filter-bar card" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <div className="filter-grid">
        <SelectField label="Period" name="days" value={periodValue} onChange={(event) => setPeriod(event.target.value)}>
          {PERIOD_DAYS.map((days) => (
            <option key={days} value={days}>
              Last {days} days
            </option>
          ))}
          {filter.days === null && (
            <option value="custom">
              From {periodEnd(value('from')) || 'the start'} to {periodEnd(value('to')) || 'today'}
            </option>
          )}
        </SelectField>
        <SelectField label="Survey" name="surveyIds" value={value('surveyIds')} onChange={(event) => filter.set({ surveyIds: event.target.value || null })}>
          <option value="">All surveys</option>
          {surveys.data?.map((survey) => (
            <option key={survey.id} value={survey.id}>
              {survey.name}
            </option>
          ))}
        </SelectField>
        {seesUnits && units.data && (
          <UnitSelect
            label="Unit"
            name="unitId"
            units={units.data}
            defaultValue={value('unitId')}
            emptyOption="The whole organisation"
            onChange={(unitId) => filter.set({ unitId: unitId || null })}
          />
        )}
        <SelectField label="Answer" name="category" value={value('category')} onChange={(event) => filter.set({ category: event.target.value || null })}>
          <option value="">Every score</option>
          {Object.entries(CATEGORIES).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <details className="filter-more" open={['channels', 'hasComment', 'unitBasis', 'attribute'].some((key) => filter.params.has(key))}>
        <summary>More filters</summary>
        <div className="filter-grid">
          <SelectField label="Channel" name="channels" value={value('channels')} onChange={(event) => filter.set({ channels: event.target.value || null })}>
            <option value="">Every channel</option>
            {Object.entries(CHANNELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Comment"
            name="hasComment"
            value={value('hasComment')}
            onChange={(event) => filter.set({ hasComment: event.target.value || null })}
          >
            <option value="">With or without</option>
            <option value="true">With a comment</option>
            <option value="false">Without a comment</option>
          </SelectField>
          <SelectField
            label="Organisation"
            name="unitBasis"
            value={value('unitBasis')}
            hint="Where the contact was placed when answering, or today."
            onChange={(event) => filter.set({ unitBasis: event.target.value || null })}
          >
            <option value="">At answering time</option>
            <option value="current">As it is today</option>
          </SelectField>
          <SelectField
            label="Confidence"
            name="confidence"
            value={filter.confidence}
            hint="For margins of error and significance."
            onChange={(event) => filter.set({ confidence: event.target.value === '95' ? null : event.target.value })}
          >
            {CONFIDENCE_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level}%
              </option>
            ))}
          </SelectField>
          <AttributeFilters filter={filter} />
        </div>
      </details>
      {filter.active > 0 && (
        <button type="button" className="button button-small" onClick={filter.clear}>
          Clear {filter.active} {filter.active === 1 ? 'filter' : 'filters'}
        </button>
      )}
    </form>
  );
}
