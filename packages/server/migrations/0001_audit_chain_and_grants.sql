-- Tenant tables: RLS forced (SEC-AZ-05). audit_event is not forced: its owner-run sealing
-- function must see every tenant's rows; the app role is not the owner, so RLS applies to it.
ALTER TABLE "organisation" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "service" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "membership" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitation" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "idempotency_key" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox_message" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Audit log: the app role may insert and read, never change or delete (SEC-LOG-04).
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_event" FROM maillon_app;--> statement-breakpoint

CREATE FUNCTION audit_event_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
    RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.hash IS NOT NULL THEN
    RAISE EXCEPTION 'a sealed audit event cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - 'prev_hash' - 'hash' - 'sealed_at') <> (to_jsonb(OLD) - 'prev_hash' - 'hash' - 'sealed_at') THEN
    RAISE EXCEPTION 'only the sealing step may update an audit event' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER audit_event_guard_row BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION audit_event_guard();--> statement-breakpoint
CREATE TRIGGER audit_event_guard_truncate BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_guard();--> statement-breakpoint

-- The canonical text of an event, hashed with the previous hash. The verifier (TypeScript)
-- rebuilds the same text independently from the raw columns.
CREATE FUNCTION audit_canonical(e audit_event) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws('|',
    e.id::text,
    coalesce(e.tenant_id::text, ''),
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(e.actor_user_id::text, ''),
    coalesce(e.actor_role, ''),
    coalesce(e.actor_profession, ''),
    e.action,
    e.resource_type,
    coalesce(e.resource_id, ''),
    coalesce(e.person_id::text, ''),
    coalesce(e.info_category, ''),
    e.purpose,
    e.outcome,
    coalesce(e.request_id, ''),
    coalesce(e.ip, ''),
    e.details::text)
$$;--> statement-breakpoint

CREATE TABLE "audit_seal_state" (
  "id" integer PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
  "last_id" bigint NOT NULL DEFAULT 0,
  "last_hash" text NOT NULL DEFAULT '',
  "horizon_id" bigint,
  "horizon_xmax" xid8,
  "sealed_total" bigint NOT NULL DEFAULT 0
);--> statement-breakpoint
INSERT INTO "audit_seal_state" DEFAULT VALUES;--> statement-breakpoint
REVOKE ALL ON "audit_seal_state" FROM maillon_app;--> statement-breakpoint
GRANT SELECT ON "audit_seal_state" TO maillon_app;--> statement-breakpoint

-- Sealing: rows are inserted concurrently with no lock on a chain head; ids may commit out of
-- order. A horizon (highest id handed out, and the next transaction id at that moment) is
-- taken; once every transaction older than that horizon has ended, all rows up to the horizon
-- are final, and they are chained in id order. Rows of rolled-back transactions never appear.
CREATE FUNCTION audit_seal(max_rows integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  st audit_seal_state%ROWTYPE;
  r audit_event%ROWTYPE;
  h text;
  last bigint;
  n integer := 0;
  hid bigint;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7341002612) THEN
    RETURN 0;
  END IF;
  SELECT * INTO st FROM audit_seal_state WHERE id = 1 FOR UPDATE;
  h := st.last_hash;
  last := st.last_id;
  IF st.horizon_id IS NOT NULL AND pg_snapshot_xmin(pg_current_snapshot()) >= st.horizon_xmax THEN
    FOR r IN SELECT * FROM audit_event e WHERE e.id > st.last_id AND e.id <= st.horizon_id ORDER BY e.id LIMIT max_rows LOOP
      h := encode(sha256(convert_to(h || '|' || audit_canonical(r), 'UTF8')), 'hex');
      UPDATE audit_event SET prev_hash = st.last_hash, hash = h, sealed_at = clock_timestamp() WHERE id = r.id;
      st.last_hash := h;
      last := r.id;
      n := n + 1;
    END LOOP;
    IF n < max_rows THEN
      last := greatest(last, st.horizon_id);
      st.horizon_id := NULL;
    END IF;
    UPDATE audit_seal_state SET last_id = last, last_hash = h, horizon_id = st.horizon_id,
      horizon_xmax = CASE WHEN st.horizon_id IS NULL THEN NULL ELSE horizon_xmax END,
      sealed_total = sealed_total + n WHERE id = 1;
  END IF;
  IF st.horizon_id IS NULL THEN
    -- Read the sequence first, then the snapshot: every id handed out so far belongs to a
    -- transaction whose xid (assigned before its id, see the column order) is below xmax.
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO hid FROM audit_event_id_seq;
    IF hid > last THEN
      UPDATE audit_seal_state SET horizon_id = hid, horizon_xmax = pg_snapshot_xmax(pg_current_snapshot()) WHERE id = 1;
    END IF;
  END IF;
  RETURN n;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_seal(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_seal(integer) TO maillon_app;--> statement-breakpoint

-- Accepting an invitation happens before any tenant is known: this narrow function finds the
-- invitation's organisation from the token hash, and nothing else.
CREATE FUNCTION invitation_tenant(token_hash text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT tenant_id FROM invitation WHERE invitation.token_hash = $1
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION invitation_tenant(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION invitation_tenant(text) TO maillon_app;
