/** Validation errors shown beside the part of the form they are about. */
import type { FormError } from '../../../lib/visualize/validate.ts';

export function Errors({ errors, testId = 'viz-error' }: { errors: readonly FormError[]; testId?: string }) {
  if (errors.length === 0) return null;
  return (
    <ul className="viz-errors" role="alert">
      {errors.map((e) => (
        <li key={`${e.path}:${e.message}`} data-testid={testId} data-path={e.path}>
          {e.message}
        </li>
      ))}
    </ul>
  );
}
