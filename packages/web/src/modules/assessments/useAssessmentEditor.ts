import type { Assessment, AssessmentDomain, Instrument } from '@maillon/shared/assessments';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api';
import { todayDay } from '../../ui/format';
import { notify, notifyError } from '../../ui/notify';
import { meQueryOptions } from '../identity/public';
import {
  addResult,
  assessmentQueryOptions,
  createAssessment,
  isPreconditionFailed,
  updateAssessment,
  updateResult,
  type Versioned,
} from './api';
import { findLocalDrafts, removeLocalDraft, saveLocalDraft, type LocalDraft } from './drafts';
import { createBody, matchesServer, updatePlan, type AssessmentForm, type WriteRights } from './formState';
import { createPathMapper, resultPathMapper, serverFieldErrors, validateAssessmentForm, type ErrorMap } from './validation';

/**
 * The life of an assessment being typed (SEC-DP-04, REL-04, REL-05):
 * - every change is kept, encrypted, on the device (debounced), so that nothing is lost to a reload or a lost network;
 * - "save" queues the submission with the draft: a creation keeps its exact body and its Idempotency-Key, generated
 *   once per new assessment; a change is sent with If-Match on the version it was based on;
 * - the queue is sent at once when online, else when the `online` event fires, and retried every 15 s while the
 *   server cannot be reached; a lost answer is harmless (same key: the server replays its first answer);
 * - once the server has it, the local copy goes (and the key with the last one).
 */

export type SyncState = 'idle' | 'sending' | 'queued' | 'conflict';
export type LocalState = { state: 'none' } | { state: 'saved'; savedAt: string } | { state: 'unavailable' };

type Meta = Omit<LocalDraft, 'form' | 'savedAt'>;

const AUTOSAVE_MS = 400;
const RETRY_MS = 15_000;

/** What the caller may write in an assessment the server returned. */
export const rightsOf = (a: Assessment): WriteRights => ({
  domains: a.access.can.writeDomains,
  aggir: a.access.can.writeAggir,
  instrumentDomains: a.access.can.writeDomains,
});

/** Errors that say "try again later", not "this is wrong": the submission stays queued. */
function isTransient(error: unknown): boolean {
  if (!isApiError(error)) return false;
  return (
    error.status === 0 ||
    error.status === 401 ||
    error.status === 429 ||
    error.status === 502 ||
    error.status === 503 ||
    error.status === 504 ||
    error.code === 'idempotency_in_progress'
  );
}

class SendError extends Error {
  constructor(
    readonly error: unknown,
    readonly mapPath: (path: string) => string | null,
  ) {
    super('send failed');
  }
}
class ConflictError extends Error {}

export interface EditorOptions {
  personId: string;
  userId: string;
  /** The draft as read from the server; null for a new assessment. */
  server: Versioned<Assessment> | null;
  /** What the caller may write: `rightsOf(server)` for a draft, derived from the person's access for a new one. */
  rights: WriteRights;
  catalogue: ReadonlyMap<string, Instrument>;
  initialForm: AssessmentForm;
  /** The server has the assessment (created, or changed). `wasQueued`: it had waited for the network. */
  onSent: (assessment: Versioned<Assessment>, created: boolean, wasQueued: boolean) => void;
}

export function useAssessmentEditor({ personId, userId, server, rights, catalogue, initialForm, onSent }: EditorOptions) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setFormState] = useState(initialForm);
  const [errors, setErrors] = useState<ErrorMap>({});
  const [sync, setSyncState] = useState<SyncState>('idle');
  const [local, setLocal] = useState<LocalState>({ state: 'none' });
  const [resumable, setResumable] = useState<LocalDraft | null>(null);
  const [dirty, setDirtyState] = useState(false);

  const formRef = useRef(form);
  const dirtyRef = useRef(false);
  const syncRef = useRef<SyncState>('idle');
  const flushing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onSentRef = useRef(onSent);
  const meta = useRef<Meta>({
    // One local copy per assessment on the server; a new one gets a random id.
    localId: server?.data.id ?? crypto.randomUUID(),
    userId,
    personId,
    assessmentId: server?.data.id ?? null,
    baseVersion: server?.data.version ?? null,
    idempotencyKey: crypto.randomUUID(),
    pending: null,
  });

  useEffect(() => {
    onSentRef.current = onSent;
  }, [onSent]);

  const setSync = useCallback((next: SyncState) => {
    syncRef.current = next;
    setSyncState(next);
  }, []);
  const setDirty = useCallback((next: boolean) => {
    dirtyRef.current = next;
    setDirtyState(next);
  }, []);

  const router = useRouter();
  const checkSession = useCallback(async () => {
    try {
      const me = await queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 });
      if (!me) await router.invalidate();
    } catch {
      // Unreachable: the queue retries.
    }
  }, [queryClient, router]);

  const domainOf = useCallback((id: string): AssessmentDomain | undefined => catalogue.get(id)?.domain, [catalogue]);

  /** Writes the local copy now (encrypted). Nothing is written for an untouched form with nothing to send. */
  const persist = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirtyRef.current && !meta.current.pending) return;
    const draft: LocalDraft = { ...meta.current, form: formRef.current, savedAt: new Date().toISOString() };
    try {
      await saveLocalDraft(draft);
      setLocal({ state: 'saved', savedAt: draft.savedAt });
    } catch {
      setLocal({ state: 'unavailable' });
    }
  }, []);

  const setForm = useCallback(
    (update: (previous: AssessmentForm) => AssessmentForm) => {
      setFormState((previous) => {
        const next = update(previous);
        formRef.current = next;
        return next;
      });
      setDirty(true);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void persist(), AUTOSAVE_MS);
    },
    [persist, setDirty],
  );

  // The last keystrokes are kept even when the page is left before the debounce fires.
  useEffect(
    () => () => {
      if (timer.current) void persist();
    },
    [persist],
  );

  // An entry left on this device by an earlier visit (reload, closed tab, lost network) is offered back.
  useEffect(() => {
    let cancelled = false;
    const assessmentId = server?.data.id ?? null;
    findLocalDrafts(userId, (d) => (assessmentId ? d.assessmentId === assessmentId : d.personId === personId && d.assessmentId === null))
      .then((found) => {
        if (!cancelled) setResumable(found[0] ?? null);
      })
      .catch(() => {
        if (!cancelled) setLocal({ state: 'unavailable' });
      });
    return () => {
      cancelled = true;
    };
    // Once per opening of the form.
  }, []);

  /** Sends the queued submission, if any. */
  const flush = useCallback(async () => {
    const pending = meta.current.pending;
    if (!pending || flushing.current) return;
    if (typeof navigator !== 'undefined' && !navigator.onLine) {
      setSync('queued');
      return;
    }
    flushing.current = true;
    const wasQueued = syncRef.current === 'queued';
    const created = pending.kind === 'create';
    const submitted = formRef.current;
    setSync('sending');
    try {
      let current: Versioned<Assessment> | null = null;
      if (pending.kind === 'create') {
        try {
          current = await createAssessment(personId, pending.body, meta.current.idempotencyKey);
        } catch (error) {
          throw new SendError(error, createPathMapper(pending.resultOrder));
        }
        // From now on the assessment exists: whatever was typed since the submission follows as a change.
        meta.current = { ...meta.current, assessmentId: current.data.id, baseVersion: current.data.version, pending: { kind: 'update' } };
        await persist();
      }
      const id = meta.current.assessmentId;
      if (!id) throw new Error('no assessment to update');
      if (!current) {
        try {
          current = await queryClient.fetchQuery({ ...assessmentQueryOptions(id), staleTime: 0 });
        } catch (error) {
          throw new SendError(error, () => null);
        }
        // Someone else changed it since this entry was based on it — unless it already holds this very entry.
        if (
          current.data.version !== meta.current.baseVersion &&
          !matchesServer(formRef.current, current.data, rightsOf(current.data), domainOf)
        ) {
          throw new ConflictError();
        }
      }
      const plan = updatePlan(formRef.current, current.data, rightsOf(current.data), domainOf);
      if (plan.patch) {
        try {
          current = await updateAssessment(id, current.etag, plan.patch);
        } catch (error) {
          throw new SendError(error, (p) => p);
        }
        meta.current.baseVersion = current.data.version;
      }
      for (const op of plan.results) {
        try {
          if (op.op === 'add') current = await addResult(id, current.etag, op.input, op.idempotencyKey);
          else if (op.op === 'update') current = await updateResult(id, op.resultId, current.etag, op.body);
          else current = await updateResult(id, op.resultId, current.etag, { archived: true });
        } catch (error) {
          throw new SendError(error, resultPathMapper(op.instrumentId));
        }
        meta.current.baseVersion = current.data.version;
      }

      meta.current = { ...meta.current, pending: null, assessmentId: current.data.id, baseVersion: current.data.version };
      if (formRef.current === submitted) {
        if (timer.current) clearTimeout(timer.current);
        timer.current = null;
        setDirty(false);
        try {
          await removeLocalDraft(meta.current.localId);
        } catch {
          // Nothing could be stored either.
        }
        setLocal({ state: 'none' });
      } else {
        // Typed while sending: kept for the next save.
        await persist();
      }
      setErrors({});
      setSync('idle');
      if (wasQueued) notify({ message: t('assessments.form.sent') });
      onSentRef.current(current, created, wasQueued);
    } catch (thrown) {
      const error = thrown instanceof SendError ? thrown.error : thrown;
      if (isTransient(error)) {
        setSync('queued');
        // Session ended during the visit: the entry stays queued on the device; signing in again brings the user
        // back here, where it is offered and sent.
        if (isApiError(error) && error.status === 401) void checkSession();
        return;
      }
      // Not worth retrying as it is: the queue stops, the entry stays on the device.
      meta.current = { ...meta.current, pending: null };
      await persist();
      if (thrown instanceof ConflictError || isPreconditionFailed(error)) {
        setSync('conflict');
        return;
      }
      setSync('idle');
      const fields = serverFieldErrors(error, t, thrown instanceof SendError ? thrown.mapPath : (p) => p);
      if (Object.keys(fields).length > 0) {
        setErrors(fields);
        notify({
          color: 'red',
          title: t('assessments.form.errorsTitle'),
          message: t('assessments.form.errorsCount', { count: Object.keys(fields).length }),
        });
      } else notifyError(error);
    } finally {
      flushing.current = false;
    }
  }, [checkSession, domainOf, persist, personId, queryClient, setDirty, setSync, t]);

  /** Validates, queues and sends. Returns false when the form has errors to correct first. */
  const submit = useCallback(async (): Promise<boolean> => {
    const found = validateAssessmentForm(formRef.current, rights, catalogue, t, todayDay());
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return false;
    }
    setErrors({});
    if (meta.current.assessmentId === null) {
      // A creation already queued keeps its body: the same key with another body would be refused (REL-04).
      if (meta.current.pending?.kind !== 'create') {
        const { body, resultOrder } = createBody(formRef.current, rights, domainOf);
        meta.current = { ...meta.current, pending: { kind: 'create', body, resultOrder } };
      }
    } else if (!meta.current.pending) {
      meta.current = { ...meta.current, pending: { kind: 'update' } };
    }
    setDirty(true);
    await persist();
    await flush();
    return true;
  }, [catalogue, domainOf, flush, persist, rights, setDirty, t]);

  // Back online: send at once. While queued: try again now and then (the browser may say online while the server is not).
  useEffect(() => {
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [flush]);
  useEffect(() => {
    if (sync !== 'queued') return;
    const interval = setInterval(() => {
      if (navigator.onLine) void flush();
    }, RETRY_MS);
    return () => clearInterval(interval);
  }, [flush, sync]);

  /** Takes back the entry kept on the device; a submission that was waiting is sent again. */
  const resume = useCallback(() => {
    if (!resumable) return;
    const { form: kept, savedAt, ...rest } = resumable;
    meta.current = rest;
    formRef.current = kept;
    setFormState(kept);
    setDirty(true);
    setLocal({ state: 'saved', savedAt });
    setResumable(null);
    if (rest.pending) void flush();
  }, [flush, resumable, setDirty]);

  const discardResumable = useCallback(async () => {
    if (!resumable) return;
    try {
      await removeLocalDraft(resumable.localId);
    } finally {
      setResumable(null);
    }
  }, [resumable]);

  /** After a conflict: the server's current version replaces the entry (which is deleted from the device). */
  const reset = useCallback(
    async (fresh: Versioned<Assessment>, nextForm: AssessmentForm) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      meta.current = { ...meta.current, baseVersion: fresh.data.version, assessmentId: fresh.data.id, pending: null };
      formRef.current = nextForm;
      setFormState(nextForm);
      setDirty(false);
      setErrors({});
      setSync('idle');
      try {
        await removeLocalDraft(meta.current.localId);
      } catch {
        // Nothing stored.
      }
      setLocal({ state: 'none' });
    },
    [setDirty, setSync],
  );

  return { form, setForm, errors, setErrors, sync, local, dirty, resumable, resume, discardResumable, submit, retry: flush, reset };
}
