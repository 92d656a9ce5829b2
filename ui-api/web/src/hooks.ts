import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { messageFor } from './problems';
import type { FieldProblem, Page } from './types';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads `fetcher()` now and whenever `deps` change; `reload()` fetches again. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await fetcher();
      if (call === latest.current) {
        setData(value);
        setError(null);
      }
    } catch (caught) {
      if (call === latest.current) setError(asApiError(caught));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

export interface PagedList<T> {
  items: T[] | null;
  error: ApiError | null;
  /** True while there is a next page to ask for. */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
  /** Reads again from the start, as many items as were shown (for polling). */
  reload: () => Promise<void>;
}

/**
 * A list the API serves in pages: the first page now (and when `deps` change), more on
 * request. Polling reloads what is shown rather than only the first page.
 */
export function usePagedList<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: unknown[]): PagedList<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const shown = useRef(0);
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const call = ++latest.current;
    try {
      const collected: T[] = [];
      let next: string | null = null;
      do {
        const page = await fetchPage(next);
        collected.push(...page.items);
        next = page.nextCursor;
      } while (next && collected.length < shown.current);
      if (call !== latest.current) return;
      shown.current = collected.length;
      setItems(collected);
      setCursor(next);
      setError(null);
    } catch (caught) {
      if (call === latest.current) setError(asApiError(caught));
    }
  }, deps);

  const loadMore = async () => {
    if (!cursor) return;
    const call = ++latest.current;
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      if (call !== latest.current) return;
      setItems((current) => {
        const all = [...(current ?? []), ...page.items];
        shown.current = all.length;
        return all;
      });
      setCursor(page.nextCursor);
    } catch (caught) {
      if (call === latest.current) setError(asApiError(caught));
    } finally {
      setLoadingMore(false);
    }
  };

  useEffect(() => {
    shown.current = 0;
    setItems(null);
    void reload();
  }, [reload]);
  return { items, error, hasMore: cursor !== null, loadingMore, loadMore, reload };
}

/** Calls `tick` every `ms` while `active`; stops on unmount. */
export function usePoll(tick: () => void | Promise<void>, ms: number, active: boolean): void {
  const saved = useRef(tick);
  saved.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: number | undefined;
    const loop = async () => {
      try {
        await saved.current();
      } finally {
        if (!stopped) timer = window.setTimeout(loop, ms);
      }
    };
    timer = window.setTimeout(loop, ms);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [ms, active]);
}

/** `value`, but only after it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface Submission {
  /** Runs the action once; a form's submit event is stopped from reloading the page. */
  submit: (event?: Event) => Promise<void>;
  busy: boolean;
  /** The server's message when it names no field. */
  message: string | null;
  /** The server's message for one field, shown next to its input. */
  error: (field: string) => string | undefined;
}

/** A form's submit: busy while `action` runs; problems that name a field go next to it, others on top. */
export function useSubmit(action: () => Promise<void>): Submission {
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event?: Event) => {
    event?.preventDefault();
    setBusy(true);
    setProblems([]);
    setMessage(null);
    try {
      await action();
    } catch (caught) {
      const error = asApiError(caught);
      setProblems(error.fields);
      setMessage(error.fields.length ? null : error.message);
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, message, error: (field) => messageFor(problems, field) };
}

export function asApiError(caught: unknown): ApiError {
  if (caught instanceof ApiError) return caught;
  const message = caught instanceof Error ? caught.message : String(caught);
  return new ApiError(0, 'client', message, [], null);
}
