/**
 * The panels' query queue: at most `limit` tasks run at once (PANEL_CONCURRENCY on a dashboard),
 * the rest wait in arrival order. A task aborted while it waits leaves the queue without running;
 * one aborted while it runs gives its slot back at once (its fetch is cancelled by the same
 * signal). A slow or failing task holds one slot only and never stops the others.
 */

export interface TaskQueue {
  /** Runs `task` when a slot is free; rejects with an AbortError when `signal` aborts first. */
  run<T>(task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now. */
  running(): number;
  /** Tasks waiting for a slot. */
  waiting(): number;
}

function abortError(): Error {
  const e = new Error('The panel query was cancelled');
  e.name = 'AbortError';
  return e;
}

export function createTaskQueue(limit: number): TaskQueue {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];

  const next = (): void => {
    while (active < limit && queue.length > 0) queue.shift()?.();
  };

  return {
    run<T>(task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      const ownSignal = signal ?? new AbortController().signal;
      if (ownSignal.aborted) return Promise.reject(abortError());
      return new Promise<T>((resolve, reject) => {
        let released = false;
        const release = (): void => {
          if (released) return;
          released = true;
          active--;
          next();
        };
        const start = (): void => {
          ownSignal.removeEventListener('abort', onWaitAbort);
          active++;
          const onRunAbort = (): void => {
            release();
            reject(abortError());
          };
          ownSignal.addEventListener('abort', onRunAbort, { once: true });
          let p: Promise<T>;
          try {
            p = task(ownSignal);
          } catch (error) {
            p = Promise.reject(error);
          }
          p.then(
            (value) => {
              ownSignal.removeEventListener('abort', onRunAbort);
              release();
              resolve(value);
            },
            (error: unknown) => {
              ownSignal.removeEventListener('abort', onRunAbort);
              release();
              reject(error);
            },
          );
        };
        const onWaitAbort = (): void => {
          const i = queue.indexOf(start);
          if (i >= 0) queue.splice(i, 1);
          reject(abortError());
        };
        ownSignal.addEventListener('abort', onWaitAbort, { once: true });
        queue.push(start);
        next();
      });
    },
    running: () => active,
    waiting: () => queue.length,
  };
}
