/** Log text with matched terms in <mark>: React text nodes only, never HTML. */
import { memo } from 'react';
import { type Highlighter, highlight } from '../../lib/discover/highlight.ts';

export const Highlighted = memo(function Highlighted({
  text,
  field,
  highlighter,
}: {
  text: string;
  field: string;
  highlighter: Highlighter;
}) {
  const segments = highlight(text, highlighter, field);
  return (
    <>
      {segments.map((s, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional
        s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
});
