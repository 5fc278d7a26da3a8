/** A field picker offering only the fields that suit what uses it (a stored one not offered stays shown). */
import type { FieldLike } from '../../../lib/visualize/model.ts';

interface Props {
  value: string;
  fields: readonly FieldLike[];
  onChange: (field: string) => void;
  testId: string;
  label?: string;
}

export function FieldSelect({ value, fields, onChange, testId, label = 'Field' }: Props) {
  const offered =
    value !== '' && !fields.some((f) => f.name === value) ? [{ name: value, type: '?' }, ...fields] : fields;
  return (
    <label className="viz-inline">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} aria-label={label}>
        <option value="">Pick a field…</option>
        {offered.map((f) => (
          <option key={f.name} value={f.name}>
            {f.name} ({f.type})
          </option>
        ))}
      </select>
    </label>
  );
}
