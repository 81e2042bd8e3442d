-- Issue 17.2 / 26.4: the sealing horizon was `pg_snapshot_xmax`, which is the last *completed*
-- transaction + 1, not the next transaction id. A transaction still running whose id was above
-- every completed one was not waited for: its audit row, committed later, lay below the chain head
-- and was never sealed. The horizon is now the sealer's own transaction id, assigned after the
-- sequence was read: every transaction that holds an audit id up to the horizon got its
-- transaction id before that (the txid column comes before the id column), so once the oldest
-- running transaction is past the horizon, every such row is committed or rolled back.
--
-- The ids that the sealer found missing in the range it sealed (rolled-back transactions) are
-- recorded in audit_seal_gap, so the verifier can fail on any other missing id, and on any row
-- below the chain head that is not sealed.
CREATE TABLE "audit_seal_gap" (
  "from_id" bigint PRIMARY KEY,
  "to_id" bigint NOT NULL CHECK ("to_id" >= "from_id"),
  "recorded_at" timestamp with time zone NOT NULL DEFAULT now()
);--> statement-breakpoint
REVOKE ALL ON "audit_seal_gap" FROM maillon_app;--> statement-breakpoint
CREATE FUNCTION audit_seal_gap_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_seal_gap is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;--> statement-breakpoint
CREATE TRIGGER audit_seal_gap_guard_row BEFORE UPDATE OR DELETE ON "audit_seal_gap"
  FOR EACH ROW EXECUTE FUNCTION audit_seal_gap_guard();--> statement-breakpoint
CREATE TRIGGER audit_seal_gap_guard_truncate BEFORE TRUNCATE ON "audit_seal_gap"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_seal_gap_guard();--> statement-breakpoint
-- Gaps are attested from here on; below, only the hash chain and the unsealed check apply.
ALTER TABLE "audit_seal_state" ADD COLUMN "gaps_attested_from" bigint;--> statement-breakpoint
UPDATE "audit_seal_state" SET "gaps_attested_from" = "last_id", "horizon_id" = NULL, "horizon_xmax" = NULL WHERE "id" = 1;--> statement-breakpoint

CREATE OR REPLACE FUNCTION audit_seal(max_rows integer DEFAULT 10000) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  st audit_seal_state%ROWTYPE;
  r audit_event%ROWTYPE;
  h text;
  last bigint;
  expected bigint;
  n integer := 0;
  hid bigint;
  fresh boolean;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7341002612) THEN
    RETURN 0;
  END IF;
  -- The next horizon is read first, while this transaction has no id of its own yet (the advisory
  -- lock assigns none): this transaction's id, assigned by the FOR UPDATE below, is then above the
  -- id of every transaction that holds an audit id up to hid. Called inside a transaction that
  -- already has an id, no horizon is taken (it would not be safe), only the pending one sealed.
  fresh := pg_current_xact_id_if_assigned() IS NULL;
  SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO hid FROM audit_event_id_seq;
  SELECT * INTO st FROM audit_seal_state WHERE id = 1 FOR UPDATE;
  h := st.last_hash;
  last := st.last_id;
  IF st.horizon_id IS NOT NULL AND pg_snapshot_xmin(pg_current_snapshot()) > st.horizon_xmax THEN
    expected := st.last_id + 1;
    FOR r IN SELECT * FROM audit_event e WHERE e.id > st.last_id AND e.id <= st.horizon_id ORDER BY e.id LIMIT max_rows LOOP
      IF r.id > expected THEN
        INSERT INTO audit_seal_gap (from_id, to_id) VALUES (expected, r.id - 1);
      END IF;
      h := encode(sha256(convert_to(h || '|' || audit_canonical(r), 'UTF8')), 'hex');
      UPDATE audit_event SET prev_hash = st.last_hash, hash = h, sealed_at = clock_timestamp() WHERE id = r.id;
      st.last_hash := h;
      last := r.id;
      expected := r.id + 1;
      n := n + 1;
    END LOOP;
    IF n < max_rows THEN
      IF st.horizon_id >= expected THEN
        INSERT INTO audit_seal_gap (from_id, to_id) VALUES (expected, st.horizon_id);
      END IF;
      last := greatest(last, st.horizon_id);
      st.horizon_id := NULL;
    END IF;
    UPDATE audit_seal_state SET last_id = last, last_hash = h, horizon_id = st.horizon_id,
      horizon_xmax = CASE WHEN st.horizon_id IS NULL THEN NULL ELSE horizon_xmax END,
      sealed_total = sealed_total + n WHERE id = 1;
  END IF;
  IF st.horizon_id IS NULL AND fresh AND hid > last THEN
    UPDATE audit_seal_state SET horizon_id = hid, horizon_xmax = pg_current_xact_id() WHERE id = 1;
  END IF;
  RETURN n;
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_seal(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_seal(integer) TO maillon_app;
