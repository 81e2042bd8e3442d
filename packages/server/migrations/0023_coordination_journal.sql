-- Coordination journal (issue 20): entries about a person, their versions, acknowledgements and
-- each user's handover mark. Tenant-owned, RLS forced (SEC-AZ-05); never deleted (DESIGN.md §4.5).

-- French full-text search without accents (issue 20 item 5). `unaccent` ships with PostgreSQL's
-- contrib (system PostgreSQL 15 and the embedded binaries both have it) and is a trusted extension.
-- A text search configuration that unaccents before the French stemmer makes the two-argument
-- `to_tsvector` immutable, so the search vector is a generated column.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION public.journal_fr (COPY = pg_catalog.french);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION public.journal_fr ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem;--> statement-breakpoint

CREATE TABLE "journal_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"fact_at" timestamp with time zone NOT NULL,
	"body" text,
	"target" jsonb,
	"goal_id" uuid,
	"action_id" uuid,
	"assessment_id" uuid,
	"referral_id" uuid,
	"attachment_ids" uuid[] DEFAULT '{}' NOT NULL,
	"ack_care_team" boolean DEFAULT false NOT NULL,
	"ack_service_id" uuid,
	"status" text DEFAULT 'current' NOT NULL,
	"error_reason" text,
	"error_at" timestamp with time zone,
	"error_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"search" tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('public.journal_fr'::regconfig, coalesce("target"->>'cible', '')), 'A')
		|| to_tsvector('public.journal_fr'::regconfig, coalesce("body", '') || ' ' || coalesce("target"->>'data', '') || ' '
			|| coalesce("target"->>'actions', '') || ' ' || coalesce("target"->>'results', ''))
	) STORED,
	CONSTRAINT "journal_entry_kind_ck" CHECK ("kind" in ('transmission', 'observation', 'interview_report', 'phone_call', 'home_visit', 'incident', 'event', 'partner_information')),
	CONSTRAINT "journal_entry_category_ck" CHECK ("category" in ('administrative', 'social', 'health', 'restricted')),
	CONSTRAINT "journal_entry_status_ck" CHECK ("status" in ('current', 'entered_in_error')),
	CONSTRAINT "journal_entry_content_ck" CHECK ("body" is not null or "target" is not null),
	CONSTRAINT "journal_entry_error_ck" CHECK (("status" = 'entered_in_error') = ("error_reason" is not null and "error_at" is not null and "error_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "journal_entry_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"urgent" boolean NOT NULL,
	"fact_at" timestamp with time zone NOT NULL,
	"body" text,
	"target" jsonb,
	"goal_id" uuid,
	"action_id" uuid,
	"assessment_id" uuid,
	"referral_id" uuid,
	"attachment_ids" uuid[] DEFAULT '{}' NOT NULL,
	"reason" text,
	"written_by" uuid NOT NULL,
	"written_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_entry_version_uq" UNIQUE ("tenant_id", "entry_id", "version")
);
--> statement-breakpoint
CREATE TABLE "journal_ack" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_ack_uq" UNIQUE ("tenant_id", "entry_id", "user_id")
);
--> statement-breakpoint
CREATE TABLE "journal_handover_mark" (
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"read_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "journal_handover_mark_pk" PRIMARY KEY ("tenant_id", "user_id")
);
--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id");--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id");--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_error_by_app_user_id_fk" FOREIGN KEY ("error_by") REFERENCES "public"."app_user"("id");--> statement-breakpoint
ALTER TABLE "journal_entry" ADD CONSTRAINT "journal_entry_tenant_service_fk" FOREIGN KEY ("tenant_id", "ack_service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "journal_entry_version" ADD CONSTRAINT "journal_entry_version_entry_id_journal_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entry"("id");--> statement-breakpoint
ALTER TABLE "journal_entry_version" ADD CONSTRAINT "journal_entry_version_written_by_app_user_id_fk" FOREIGN KEY ("written_by") REFERENCES "public"."app_user"("id");--> statement-breakpoint
ALTER TABLE "journal_ack" ADD CONSTRAINT "journal_ack_entry_id_journal_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entry"("id");--> statement-breakpoint
ALTER TABLE "journal_ack" ADD CONSTRAINT "journal_ack_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id");--> statement-breakpoint
ALTER TABLE "journal_handover_mark" ADD CONSTRAINT "journal_handover_mark_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id");--> statement-breakpoint

-- Keyset pages: a person's timeline and the service journal (newest fact first), the handover
-- (written since a mark, per followed person: covering, so that 20 000 candidates are read from the
-- index alone), an author's entries, the search (GIN).
CREATE INDEX "journal_entry_person_idx" ON "journal_entry" USING btree ("tenant_id", "person_id", "fact_at" DESC, "id" DESC);--> statement-breakpoint
CREATE INDEX "journal_entry_fact_idx" ON "journal_entry" USING btree ("tenant_id", "fact_at" DESC, "id" DESC);--> statement-breakpoint
CREATE INDEX "journal_entry_person_written_idx" ON "journal_entry" USING btree ("tenant_id", "person_id", "created_at") INCLUDE ("id", "author_id", "status", "category", "urgent");--> statement-breakpoint
CREATE INDEX "journal_entry_author_idx" ON "journal_entry" USING btree ("tenant_id", "author_id", "fact_at" DESC);--> statement-breakpoint
CREATE INDEX "journal_entry_search_idx" ON "journal_entry" USING gin ("search");--> statement-breakpoint
CREATE INDEX "journal_ack_pending_idx" ON "journal_ack" USING btree ("tenant_id", "user_id") WHERE "acknowledged_at" is null;--> statement-breakpoint

ALTER TABLE "journal_entry" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_entry_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_ack" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_handover_mark" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_entry" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_entry_version" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_ack" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "journal_handover_mark" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "journal_entry_tenant" ON "journal_entry" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "journal_entry_version_tenant" ON "journal_entry_version" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "journal_ack_tenant" ON "journal_ack" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "journal_handover_mark_tenant" ON "journal_handover_mark" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint

-- Never deleted: an entry is corrected by a new version (kept whole in journal_entry_version) or
-- marked entered in error with a reason; an acknowledgement, once given, stays.
REVOKE DELETE, TRUNCATE ON "journal_entry", "journal_entry_version", "journal_ack", "journal_handover_mark" FROM maillon_app;--> statement-breakpoint
REVOKE UPDATE ON "journal_entry_version" FROM maillon_app;--> statement-breakpoint

-- Also against a bug in a query: who wrote an entry and when never change; an entry entered in
-- error no longer changes (but for the person it belongs to, when two records are merged); a
-- correction moves the version by one.
CREATE FUNCTION journal_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id <> OLD.id OR NEW.tenant_id <> OLD.tenant_id OR NEW.author_id <> OLD.author_id OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'journal entry %: author and time of writing never change', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.status = 'entered_in_error' AND (to_jsonb(NEW) - ARRAY['person_id', 'search']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['person_id', 'search']) THEN
    RAISE EXCEPTION 'journal entry % was entered in error: it never changes again', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.version NOT IN (OLD.version, OLD.version + 1) THEN
    RAISE EXCEPTION 'journal entry %: a change moves the version by one', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER journal_entry_guard BEFORE UPDATE ON "journal_entry" FOR EACH ROW EXECUTE FUNCTION journal_entry_guard();--> statement-breakpoint
CREATE FUNCTION journal_ack_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.entry_id <> OLD.entry_id OR NEW.user_id <> OLD.user_id OR NEW.created_at <> OLD.created_at
     OR (OLD.acknowledged_at IS NOT NULL AND NEW.acknowledged_at IS DISTINCT FROM OLD.acknowledged_at) THEN
    RAISE EXCEPTION 'acknowledgement %: given once, never changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER journal_ack_guard BEFORE UPDATE ON "journal_ack" FOR EACH ROW EXECUTE FUNCTION journal_ack_guard();--> statement-breakpoint

-- Live updates (issue 20 item 6): every change is announced on the `journal` channel when its
-- transaction commits, to every server process listening. The payload names only the organisation
-- and the entry; each process reads the entry again with each subscriber's rights (SEC-AZ-09).
CREATE FUNCTION journal_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change text;
BEGIN
  IF TG_TABLE_NAME = 'journal_ack' THEN
    IF NEW.acknowledged_at IS NULL OR OLD.acknowledged_at IS NOT NULL THEN RETURN NULL; END IF;
    PERFORM pg_notify('journal', json_build_object('t', NEW.tenant_id, 'e', NEW.entry_id, 'c', 'acknowledged')::text);
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    change := 'created';
  ELSIF NEW.status = 'entered_in_error' AND OLD.status <> 'entered_in_error' THEN
    change := 'entered_in_error';
  ELSIF NEW.version <> OLD.version THEN
    change := 'corrected';
  ELSE
    RETURN NULL;
  END IF;
  PERFORM pg_notify('journal', json_build_object('t', NEW.tenant_id, 'e', NEW.id, 'c', change)::text);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER journal_entry_notify AFTER INSERT OR UPDATE ON "journal_entry" FOR EACH ROW EXECUTE FUNCTION journal_notify();--> statement-breakpoint
CREATE TRIGGER journal_ack_notify AFTER UPDATE ON "journal_ack" FOR EACH ROW EXECUTE FUNCTION journal_notify();
