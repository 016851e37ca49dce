// The one way a dashboard form sends: its values, checked in the browser with the schema the
// route handler validates with, then sent with a mutation from mutations.ts. A problem — found
// here or by the API — shows under the field its path names and goes away as soon as that field
// changes; what no field owns shows in the form's error line.
import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent } from "react";
import type { z } from "zod";
import { ApiClientError, errorMessage } from "./fetcher";
import { FIX_FIELDS_MESSAGE, formErrors, zodProblems, type FieldErrors, type Problem } from "./field-errors";

type Values = Record<string, unknown>;
type FieldOf<V> = keyof V & string;
type TextFieldOf<V> = { [K in keyof V]: V[K] extends string ? K : never }[keyof V] & string;

export type Checked<T> = { ok: true; data: T } | { ok: false };

export interface ApiFormOptions<V extends Values, S extends z.ZodType, D> {
  initial: V | (() => V);
  /** The schema of the request body (shared with the route handler). */
  schema: S;
  /** The request body from the values (trimming, parsing numbers or JSON); a problem met on the
   * way is reported with `fail`, under that field. Without it the values are the body. */
  toBody?: (values: V, fail: (field: FieldOf<V>, message: string) => void) => unknown;
  /** Options from mutations.ts: the request and its cache updates. */
  mutation: UseMutationOptions<D, Error, z.output<S>>;
  onSuccess?: (data: D, body: z.output<S>) => void;
  /** After the error is shown on the form (e.g. to toast it as well). */
  onError?: (error: Error) => void;
  initialFormError?: string | null;
}

export function useApiForm<V extends Values, S extends z.ZodType, D>(options: ApiFormOptions<V, S, D>) {
  const [initial] = useState(options.initial);
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors<FieldOf<V>>>({});
  const [formError, setFormError] = useState<string | null>(options.initialFormError ?? null);
  const mutation = useMutation(options.mutation);
  const fieldNames = Object.keys(initial) as FieldOf<V>[];

  function show(problems: readonly Problem[], fallback: string) {
    const shown = formErrors(problems, fieldNames, fallback);
    setErrors(shown.fields);
    setFormError(shown.form);
  }

  /** Checks a body with a schema, showing what is wrong; `found` are problems already known. */
  function check<T extends z.ZodType>(schema: T, body: unknown, found: readonly Problem[] = []): Checked<z.output<T>> {
    const result = schema.safeParse(body);
    if (result.success && found.length === 0) {
      setErrors({});
      setFormError(null);
      return { ok: true, data: result.data };
    }
    show([...found, ...(result.success ? [] : zodProblems(result.error))], FIX_FIELDS_MESSAGE);
    return { ok: false };
  }

  function set<K extends FieldOf<V>>(field: K, value: V[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      if (current[field] === undefined) return current;
      const rest = { ...current };
      delete rest[field];
      return rest;
    });
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const found: Problem[] = [];
    const body = options.toBody ? options.toBody(values, (field, message) => found.push({ path: field, message })) : values;
    const checked = check(options.schema, body, found);
    if (!checked.ok) return;
    mutation.mutate(checked.data, {
      onSuccess: (data) => options.onSuccess?.(data, checked.data),
      onError: (err) => {
        show(err instanceof ApiClientError ? err.details : [], errorMessage(err));
        options.onError?.(err);
      },
    });
  }

  return {
    values,
    errors,
    /** The form's error line; "fix the highlighted fields" goes once none is highlighted. */
    formError: formError === FIX_FIELDS_MESSAGE && Object.keys(errors).length === 0 ? null : formError,
    setFormError,
    pending: mutation.isPending,
    /** Stays true after success, for forms that navigate away and keep the button busy meanwhile. */
    succeeded: mutation.isSuccess,
    set,
    /** Value and change handler of a text control. */
    input: <K extends TextFieldOf<V>>(field: K) => ({
      value: values[field] as string,
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(field, e.target.value as V[K]),
    }),
    submit,
    check,
    /** Back to the initial values (or some of them kept), with no errors shown. */
    reset: (keep: Partial<V> = {}) => {
      setValues({ ...initial, ...keep });
      setErrors({});
      setFormError(null);
    },
  };
}
