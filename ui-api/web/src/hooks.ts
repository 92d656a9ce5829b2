import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { messageFor } from './problems';
import type { FieldProblem } from './types';

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
