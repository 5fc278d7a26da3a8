'use client';
/** Save the current view as a saved search, open or delete saved ones (without `write`: only open). */
import { useState } from 'react';
import { api, type SavedSearch } from '../../lib/discover/api.ts';
import { usePrivilege } from '../../lib/use-me.ts';
import { ErrorMessage } from '../common/ErrorMessage.tsx';
import { Spinner } from '../common/Spinner.tsx';

interface Props {
  savedId?: string;
  /** The current view's query string. */
  params: string;
  onOpen: (search: SavedSearch) => void;
  onSaved: (search: SavedSearch) => void;
}

export function SavedSearches({ savedId, params, onOpen, onSaved }: Props) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<SavedSearch[]>();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const current = list?.find((s) => s.id === savedId);
  const write = usePrivilege('write');

  const load = (): void => {
    setError(undefined);
    api.listSaved().then((r) => setList(r.searches), setError);
  };
  const run = (p: Promise<unknown>): void => {
    setBusy(true);
    setError(undefined);
    p.then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <div className="menu">
      <button
        type="button"
        data-testid="saved-searches"
        onClick={() => {
          setOpen((o) => !o);
          if (!open) load();
        }}
      >
        Saved
      </button>
      {open ? (
        <div className="popover" data-testid="saved-popover">
          {write.allowed ? (
            <>
              <h4>Save current search</h4>
              <div className="row">
                <input
                  placeholder="Title"
                  aria-label="Saved search title"
                  data-testid="saved-title"
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                />
                <button
                  type="button"
                  className="primary"
                  data-testid="save-new"
                  disabled={busy || title.trim() === ''}
                  onClick={() =>
                    run(
                      api.createSaved(title, params).then((r) => {
                        setTitle('');
                        onSaved(r.search);
                        load();
                      }),
                    )
                  }
                >
                  Save
                </button>
              </div>
              {current ? (
                <button
                  type="button"
                  data-testid="saved-update"
                  disabled={busy}
                  onClick={() => run(api.updateSaved(current.id, current.title, params).then(() => load()))}
                >
                  Update “{current.title}”
                </button>
              ) : null}
            </>
          ) : null}
          {error ? <ErrorMessage error={error} onRetry={load} /> : null}
          <h4>Open</h4>
          {list === undefined ? <Spinner /> : null}
          {list?.length === 0 ? <div className="muted">No saved searches yet.</div> : null}
          <ul className="saved-list">
            {list?.map((s) => (
              <li key={s.id} data-testid="saved-item">
                <button
                  type="button"
                  className="link title"
                  style={{ textAlign: 'left' }}
                  onClick={() => {
                    setOpen(false);
                    onOpen(s);
                  }}
                >
                  {s.title}
                </button>
                {write.allowed ? (
                  <button
                    type="button"
                    className="icon"
                    data-testid="saved-delete"
                    aria-label={`Delete ${s.title}`}
                    disabled={busy}
                    title={`Delete ${s.title}`}
                    onClick={() => run(api.deleteSaved(s.id).then(() => load()))}
                  >
                    ×
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
