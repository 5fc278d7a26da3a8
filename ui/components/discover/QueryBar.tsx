'use client';
/**
 * The KQL query bar: validated as you type (error shown at its column), field and value
 * autocomplete, recent queries. `/` focuses it (see Discover), Enter runs it.
 */
import { validateKql } from '@driftwood/core';
import { forwardRef, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../lib/discover/api.ts';
import {
  applyCompletion,
  type CompletionContext,
  completionContext,
  type FieldSummary,
  suggestFields,
  suggestValues,
} from '../../lib/discover/autocomplete.ts';
import { addToHistory, loadHistory, saveHistory } from '../../lib/discover/history.ts';

interface Suggestion {
  kind: 'field' | 'value' | 'recent';
  text: string;
  detail?: string;
}

interface Props {
  query: string;
  fields: readonly FieldSummary[];
  /** Time range for value suggestions (epoch ms). */
  range?: { from: number; to: number };
  /** A server-side syntax error for the submitted query. */
  serverError?: { message: string; column?: number };
  onSubmit: (query: string) => void;
}

export const QueryBar = forwardRef<HTMLInputElement, Props>(function QueryBar(
  { query, fields, range, serverError, onSubmit },
  ref,
) {
  const [draft, setDraft] = useState(query);
  const [cursor, setCursor] = useState(query.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  /** The user moved through the suggestions with the arrow keys: Enter accepts one. */
  const [navigated, setNavigated] = useState(false);
  const [values, setValues] = useState<{ field: string; prefix: string; values: string[] }>();
  const [history, setHistory] = useState<string[]>([]);
  const inputRef = useRef<HTMLInputElement | null>(null);

  useEffect(() => setDraft(query), [query]);
  useEffect(() => setHistory(loadHistory()), []);

  const validation = useMemo(() => validateKql(draft), [draft]);
  const context: CompletionContext | undefined = useMemo(() => completionContext(draft, cursor), [draft, cursor]);

  const valueField = context?.kind === 'value' ? context.field : undefined;
  const valuePrefix = context?.kind === 'value' ? context.prefix : '';
  const isKeyword = fields.some((f) => f.name === valueField && f.type === 'keyword');
  useEffect(() => {
    if (!open || !valueField || !isKeyword) return;
    const controller = new AbortController();
    const p = new URLSearchParams({ field: valueField, prefix: valuePrefix });
    if (range) {
      p.set('from', String(range.from));
      p.set('to', String(range.to));
    }
    const timer = setTimeout(() => {
      api.values(p, controller.signal).then(
        (r) => setValues({ field: valueField, prefix: valuePrefix, values: r.values }),
        () => undefined,
      );
    }, 120);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [open, valueField, valuePrefix, isKeyword, range]);

  const suggestions: Suggestion[] = useMemo(() => {
    if (draft.trim() === '' && history.length > 0) {
      return history.slice(0, 10).map((h) => ({ kind: 'recent' as const, text: h }));
    }
    if (!context) return [];
    if (context.kind === 'field') {
      if (context.prefix === '') return [];
      const fs = suggestFields(fields, context.prefix).map((f) => ({
        kind: 'field' as const,
        text: f.name,
        detail: f.type,
      }));
      const recent = history
        .filter((h) => h.toLowerCase().startsWith(draft.toLowerCase()) && h !== draft)
        .slice(0, 3)
        .map((h) => ({ kind: 'recent' as const, text: h }));
      return [...fs, ...recent];
    }
    if (values?.field !== context.field) return [];
    return suggestValues(values.values, context.prefix).map((v) => ({ kind: 'value' as const, text: v }));
  }, [context, fields, values, history, draft]);

  const shown = open ? suggestions : [];

  const submit = (text: string): void => {
    if (!validateKql(text).ok) return;
    const h = addToHistory(history, text);
    setHistory(h);
    saveHistory(h);
    setOpen(false);
    onSubmit(text);
  };

  const accept = (s: Suggestion): void => {
    if (s.kind === 'recent') {
      setDraft(s.text);
      setCursor(s.text.length);
      submit(s.text);
      return;
    }
    if (!context) return;
    const next = applyCompletion(draft, context, s.text);
    setDraft(next.query);
    setCursor(next.cursor);
    setActive(0);
    requestAnimationFrame(() => {
      inputRef.current?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const error = !validation.ok
    ? { message: validation.error.message, column: validation.error.column }
    : draft === query
      ? serverError
      : undefined;

  return (
    <div className="querybar">
      <input
        ref={(el) => {
          inputRef.current = el;
          if (typeof ref === 'function') ref(el);
          else if (ref) ref.current = el;
        }}
        data-testid="query-input"
        aria-label="Search with KQL"
        aria-invalid={error !== undefined}
        className={error ? 'invalid' : undefined}
        placeholder='Search… e.g. log.level:error and not service.name:"api"  (press / to focus)'
        value={draft}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          setDraft(e.target.value);
          setCursor(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(0);
          setNavigated(false);
        }}
        onSelect={(e) => setCursor(e.currentTarget.selectionStart ?? draft.length)}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && shown.length > 0) {
            e.preventDefault();
            setNavigated(true);
            setActive((a) => (navigated ? (a + 1) % shown.length : 0));
          } else if (e.key === 'ArrowUp' && shown.length > 0) {
            e.preventDefault();
            setNavigated(true);
            setActive((a) => (a - 1 + shown.length) % shown.length);
          } else if (e.key === 'Tab' && shown.length > 0 && shown[active]?.kind !== 'recent') {
            e.preventDefault();
            accept(shown[active] as Suggestion);
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const s = shown[active];
            setNavigated(false);
            if (s && navigated) accept(s);
            else submit(draft);
          } else if (e.key === 'Escape') {
            setOpen(false);
            setNavigated(false);
          }
        }}
      />
      {error ? (
        <div className="kql-error" data-testid="kql-error" role="status">
          {error.column !== undefined ? `${draft}\n${' '.repeat(Math.max(0, error.column - 1))}^ ` : ''}
          {error.message}
        </div>
      ) : null}
      {shown.length > 0 ? (
        <div className="suggestions" role="listbox" data-testid="suggestions">
          {shown.map((s, i) => (
            <div
              key={`${s.kind}:${s.text}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              <span className="kind">{s.kind === 'recent' ? 'recent' : s.kind === 'field' ? s.detail : 'value'}</span>
              <span>{s.text}</span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
});
