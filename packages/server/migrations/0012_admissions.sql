CREATE TABLE "admission_decision" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"case_id" uuid,
	"mode" text NOT NULL,
	"outcome" text NOT NULL,
	"facts" text NOT NULL,
	"needs" text NOT NULL,
	"capacity_note" text,
	"capacity" integer,
	"occupied" integer NOT NULL,
	"waiting" integer NOT NULL,
	"admission_conditions" text,
	"integration_conditions" text,
	"refusal_reasons" text,
	"redirected_to" text,
	"redirect_reason" text,
	"waiting_priority" text,
	"waiting_reason" text,
	"referrer_message" text,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "admission_decision_mode_ck" CHECK ("admission_decision"."mode" in ('committee', 'coordinator')),
	CONSTRAINT "admission_decision_outcome_ck" CHECK ("admission_decision"."outcome" in ('accepted', 'refused', 'redirected', 'waiting_list')),
	CONSTRAINT "admission_decision_committee_ck" CHECK (("admission_decision"."mode" = 'committee') = ("admission_decision"."case_id" is not null)),
	CONSTRAINT "admission_decision_reasons_ck" CHECK (length("admission_decision"."facts") >= 10 and length("admission_decision"."needs") >= 10 and case "admission_decision"."outcome"
        when 'accepted' then "admission_decision"."admission_conditions" is not null and "admission_decision"."integration_conditions" is not null
        when 'refused' then "admission_decision"."refusal_reasons" is not null
        when 'redirected' then "admission_decision"."redirected_to" is not null and "admission_decision"."redirect_reason" is not null
        when 'waiting_list' then "admission_decision"."waiting_priority" is not null and "admission_decision"."waiting_reason" is not null
        else false end)
);
--> statement-breakpoint
ALTER TABLE "admission_decision" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "admission_setting" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"settings" jsonb NOT NULL,
	"next_number" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "admission_setting_tenant_uq" UNIQUE("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "admission_setting" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "committee_case" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"status" text DEFAULT 'on_agenda' NOT NULL,
	"summary" text,
	"presented_by" uuid,
	"postpone_reason" text,
	"decision_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "committee_case_status_ck" CHECK ("committee_case"."status" in ('on_agenda', 'decided', 'postponed', 'withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "committee_case" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "committee_session" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"location" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"members" jsonb NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "committee_session_status_ck" CHECK ("committee_session"."status" in ('planned', 'held'))
);
--> statement-breakpoint
ALTER TABLE "committee_session" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "home_visit" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"visitors" text NOT NULL,
	"done_on" date,
	"report" jsonb,
	"cancel_reason" text,
	"recorded_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "home_visit_status_ck" CHECK ("home_visit"."status" in ('planned', 'done', 'cancelled')),
	CONSTRAINT "home_visit_done_ck" CHECK (("home_visit"."status" = 'done') = ("home_visit"."done_on" is not null and "home_visit"."report" is not null))
);
--> statement-breakpoint
ALTER TABLE "home_visit" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "referral" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"source" text NOT NULL,
	"channel" text NOT NULL,
	"source_organisation" text,
	"referrer_name" text NOT NULL,
	"referrer_function" text,
	"referrer_phone" text,
	"referrer_email" text,
	"submitted_by" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"urgency" text NOT NULL,
	"reason" text NOT NULL,
	"medical_information" text,
	"requested_service_ids" uuid[] NOT NULL,
	"service_id" uuid NOT NULL,
	"expected_start_date" date,
	"current_place" text,
	"person_informed" boolean NOT NULL,
	"person_id" uuid,
	"birth_name" text NOT NULL,
	"used_name" text,
	"first_names" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text,
	"commune" text,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"assessment_id" uuid,
	"outcome" text,
	"decided_at" timestamp with time zone,
	"admitted_on" date,
	"admitted_service_id" uuid,
	"place_kind" text,
	"place_label" text,
	"referent_user_id" uuid,
	"ended_on" date,
	"end_reason" text,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "referral_reference_uq" UNIQUE("tenant_id","reference"),
	CONSTRAINT "referral_status_ck" CHECK ("referral"."status" in ('received', 'under_review', 'presented', 'decided', 'admitted', 'withdrawn', 'ended')),
	CONSTRAINT "referral_source_ck" CHECK ("referral"."source" in ('hospital', 'partner', 'family', 'self', 'other')),
	CONSTRAINT "referral_channel_ck" CHECK ("referral"."channel" in ('phone', 'email', 'mail', 'secure_messaging', 'in_person', 'app')),
	CONSTRAINT "referral_urgency_ck" CHECK ("referral"."urgency" in ('routine', 'priority', 'urgent')),
	CONSTRAINT "referral_place_ck" CHECK ("referral"."current_place" in ('home', 'hospital', 'rehabilitation', 'nursing_home', 'other')),
	CONSTRAINT "referral_outcome_ck" CHECK ("referral"."outcome" in ('accepted', 'refused', 'redirected', 'waiting_list')),
	CONSTRAINT "referral_place_kind_ck" CHECK ("referral"."place_kind" in ('home', 'establishment')),
	CONSTRAINT "referral_linked_ck" CHECK ("referral"."status" in ('received', 'withdrawn') or "referral"."person_id" is not null),
	CONSTRAINT "referral_decided_ck" CHECK ("referral"."status" not in ('decided', 'admitted', 'ended') or "referral"."outcome" is not null),
	CONSTRAINT "referral_admitted_ck" CHECK ("referral"."status" not in ('admitted', 'ended') or "referral"."admitted_on" is not null),
	CONSTRAINT "referral_ended_ck" CHECK (("referral"."status" = 'ended') = ("referral"."ended_on" is not null)),
	CONSTRAINT "referral_withdrawn_ck" CHECK (("referral"."status" = 'withdrawn') = ("referral"."withdrawn_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "referral" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "referral_event" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "referral_event" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "waiting_list_change" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"from_priority" text,
	"to_priority" text,
	"reason" text,
	"by" uuid,
	CONSTRAINT "waiting_list_change_kind_ck" CHECK ("waiting_list_change"."kind" in ('added', 'priority', 'admitted', 'left'))
);
--> statement-breakpoint
ALTER TABLE "waiting_list_change" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "waiting_list_entry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"referral_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"priority" text NOT NULL,
	"priority_rank" smallint NOT NULL,
	"since" date NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"reason" text,
	"left_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "waiting_list_priority_ck" CHECK ("waiting_list_entry"."priority" in ('urgent', 'high', 'normal')),
	CONSTRAINT "waiting_list_rank_ck" CHECK ("waiting_list_entry"."priority_rank" = case "waiting_list_entry"."priority" when 'urgent' then 1 when 'high' then 2 else 3 end),
	CONSTRAINT "waiting_list_status_ck" CHECK ("waiting_list_entry"."status" in ('waiting', 'admitted', 'left'))
);
--> statement-breakpoint
ALTER TABLE "waiting_list_entry" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "admission_decision" ADD CONSTRAINT "admission_decision_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_decision" ADD CONSTRAINT "admission_decision_case_id_committee_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."committee_case"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "admission_decision" ADD CONSTRAINT "admission_decision_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_case" ADD CONSTRAINT "committee_case_session_id_committee_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."committee_session"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_case" ADD CONSTRAINT "committee_case_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_case" ADD CONSTRAINT "committee_case_presented_by_app_user_id_fk" FOREIGN KEY ("presented_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visit" ADD CONSTRAINT "home_visit_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "home_visit" ADD CONSTRAINT "home_visit_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_submitted_by_app_user_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_admitted_service_id_service_id_fk" FOREIGN KEY ("admitted_service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_referent_user_id_app_user_id_fk" FOREIGN KEY ("referent_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_event" ADD CONSTRAINT "referral_event_by_app_user_id_fk" FOREIGN KEY ("by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_change" ADD CONSTRAINT "waiting_list_change_entry_id_waiting_list_entry_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."waiting_list_entry"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_change" ADD CONSTRAINT "waiting_list_change_by_app_user_id_fk" FOREIGN KEY ("by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entry" ADD CONSTRAINT "waiting_list_entry_referral_id_referral_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referral"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entry" ADD CONSTRAINT "waiting_list_entry_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waiting_list_entry" ADD CONSTRAINT "waiting_list_entry_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admission_decision_referral_idx" ON "admission_decision" USING btree ("tenant_id","referral_id","decided_at");--> statement-breakpoint
CREATE INDEX "committee_case_session_idx" ON "committee_case" USING btree ("tenant_id","session_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_case_open_uq" ON "committee_case" USING btree ("tenant_id","referral_id") WHERE "committee_case"."status" = 'on_agenda';--> statement-breakpoint
CREATE INDEX "committee_session_when_idx" ON "committee_session" USING btree ("tenant_id","scheduled_at","id");--> statement-breakpoint
CREATE INDEX "home_visit_referral_idx" ON "home_visit" USING btree ("tenant_id","referral_id","planned_at");--> statement-breakpoint
CREATE INDEX "referral_inbox_idx" ON "referral" USING btree ("tenant_id","service_id","status","received_at","id");--> statement-breakpoint
CREATE INDEX "referral_status_idx" ON "referral" USING btree ("tenant_id","status","received_at","id");--> statement-breakpoint
CREATE INDEX "referral_person_idx" ON "referral" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE INDEX "referral_submitted_idx" ON "referral" USING btree ("tenant_id","submitted_by","received_at") WHERE submitted_by is not null;--> statement-breakpoint
CREATE INDEX "referral_event_referral_idx" ON "referral_event" USING btree ("tenant_id","referral_id","at");--> statement-breakpoint
CREATE INDEX "waiting_list_change_entry_idx" ON "waiting_list_change" USING btree ("tenant_id","entry_id","at");--> statement-breakpoint
CREATE INDEX "waiting_list_rank_idx" ON "waiting_list_entry" USING btree ("tenant_id","service_id","status","priority_rank","since","id");--> statement-breakpoint
CREATE UNIQUE INDEX "waiting_list_referral_uq" ON "waiting_list_entry" USING btree ("tenant_id","referral_id");--> statement-breakpoint
CREATE POLICY "admission_decision_tenant" ON "admission_decision" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "admission_setting_tenant" ON "admission_setting" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "committee_case_tenant" ON "committee_case" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "committee_session_tenant" ON "committee_session" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "home_visit_tenant" ON "home_visit" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "referral_tenant" ON "referral" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "referral_event_tenant" ON "referral_event" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "waiting_list_change_tenant" ON "waiting_list_change" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "waiting_list_entry_tenant" ON "waiting_list_entry" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);