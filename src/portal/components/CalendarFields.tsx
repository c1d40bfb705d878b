// The fields of a working or sending calendar, shared by the loop settings and the sending
// settings: a time zone with the browser's list of zones as suggestions, and the weekdays.
import { useId, useMemo } from 'react';
import { TextField } from './Field.tsx';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function TimeZoneField({ defaultValue, hint, error }: { defaultValue: string; hint: string; error: unknown }) {
  const timeZones = useMemo(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []), []);
  const zonesId = useId();
  return (
    <>
      <TextField label="Time zone" name="timeZone" list={zonesId} defaultValue={defaultValue} hint={hint} error={error} spellCheck={false} autoComplete="off" />
      <datalist id={zonesId}>
        {timeZones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

/** Checkboxes for ISO weekdays (1 = Monday … 7 = Sunday) under `name`, with the field's error below them. */
export function WeekdayChoices({ legend, name, checked, error }: { legend: string; name: string; checked: number[]; error?: string }) {
  const errorId = useId();
  return (
    <fieldset className="fieldset" aria-describedby={error ? errorId : undefined}>
      <legend>{legend}</legend>
      <div className="weekday-choices">
        {WEEKDAYS.map((day, index) => (
          <label key={day} className="checkbox">
            <input type="checkbox" name={name} value={index + 1} defaultChecked={checked.includes(index + 1)} />
            {day}
          </label>
        ))}
      </div>
      {error && (
        <p id={errorId} className="field-error">
          {legend}: {error}.
        </p>
      )}
    </fieldset>
  );
}
