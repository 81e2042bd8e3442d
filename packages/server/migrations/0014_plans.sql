CREATE TABLE "plan" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "plan" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_action" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"key" uuid NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"description" text NOT NULL,
	"type" text NOT NULL,
	"owner_user_id" uuid,
	"owner_contact_id" uuid,
	"prescriber" text,
	"frequency" text,
	"start_date" date,
	"end_date" date,
	"unit_cost_cents" integer DEFAULT 0 NOT NULL,
	"quantity_hundredths" integer DEFAULT 100 NOT NULL,
	"period" text NOT NULL,
	"funding_source" text,
	"status" text DEFAULT 'planned' NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_action_key_uq" UNIQUE("tenant_id","version_id","key"),
	CONSTRAINT "plan_action_owner_ck" CHECK ("plan_action"."owner_user_id" is null or "plan_action"."owner_contact_id" is null),
	CONSTRAINT "plan_action_category_ck" CHECK ("plan_action"."category" in ('health', 'social')),
	CONSTRAINT "plan_action_type_ck" CHECK ("plan_action"."type" in ('care', 'personal_help', 'support', 'social', 'housing', 'equipment', 'home_adaptation', 'administrative', 'employment', 'education', 'leisure', 'other')),
	CONSTRAINT "plan_action_period_ck" CHECK ("plan_action"."period" in ('once', 'week', 'month', 'year')),
	CONSTRAINT "plan_action_funding_ck" CHECK ("plan_action"."funding_source" is null or "plan_action"."funding_source" in ('apa', 'pch', 'health_insurance', 'departement', 'municipality', 'mutual_insurance', 'own_contribution', 'other')),
	CONSTRAINT "plan_action_status_ck" CHECK ("plan_action"."status" in ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "plan_action_money_ck" CHECK ("plan_action"."unit_cost_cents" >= 0 and "plan_action"."quantity_hundredths" >= 0),
	CONSTRAINT "plan_action_dates_ck" CHECK ("plan_action"."end_date" is null or "plan_action"."start_date" is null or "plan_action"."end_date" >= "plan_action"."start_date")
);
--> statement-breakpoint
ALTER TABLE "plan_action" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_goal" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"key" uuid NOT NULL,
	"position" integer NOT NULL,
	"wording" text NOT NULL,
	"component" text NOT NULL,
	"category" text NOT NULL,
	"need_codes" text[] NOT NULL,
	"horizon" text NOT NULL,
	"target_date" date,
	"indicator" text,
	"target" text,
	"priority" text NOT NULL,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_goal_key_uq" UNIQUE("tenant_id","version_id","key"),
	CONSTRAINT "plan_goal_component_ck" CHECK ("plan_goal"."component" in ('care', 'life', 'social', 'professional')),
	CONSTRAINT "plan_goal_category_ck" CHECK ("plan_goal"."category" in ('health', 'social')),
	CONSTRAINT "plan_goal_horizon_ck" CHECK ("plan_goal"."horizon" in ('3m', '6m', '12m', 'date')),
	CONSTRAINT "plan_goal_target_date_ck" CHECK (("plan_goal"."horizon" = 'date') = ("plan_goal"."target_date" is not null)),
	CONSTRAINT "plan_goal_priority_ck" CHECK ("plan_goal"."priority" in ('high', 'medium', 'low'))
);
--> statement-breakpoint
ALTER TABLE "plan_goal" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_review" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"next_version_id" uuid,
	"reviewed_on" date NOT NULL,
	"participants" text,
	"summary" text,
	"outcomes" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_review_version_uq" UNIQUE("tenant_id","version_id")
);
--> statement-breakpoint
ALTER TABLE "plan_review" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "plan_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"close_reason" text,
	"closed_at" timestamp with time zone,
	"close_note" text,
	"based_on_id" uuid,
	"assessment_id" uuid NOT NULL,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expectations" text,
	"expectations_by" text,
	"deferred_needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"allocations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_at" timestamp with time zone,
	"agreed_on" date,
	"agreement_form" text,
	"agreed_by" text,
	"representative_id" uuid,
	"copy_handed_over" boolean,
	"copy_handed_on" date,
	"agreement_note" text,
	"agreement_recorded_by" uuid,
	"frozen_at" timestamp with time zone,
	"start_date" date,
	"review_due_on" date,
	"over_budget" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "plan_version_number_uq" UNIQUE("tenant_id","plan_id","number"),
	CONSTRAINT "plan_version_status_ck" CHECK ("plan_version"."status" in ('draft', 'proposed', 'agreed', 'active', 'under_review', 'closed')),
	CONSTRAINT "plan_version_close_reason_ck" CHECK ("plan_version"."close_reason" is null or "plan_version"."close_reason" in ('superseded', 'ended', 'withdrawn')),
	CONSTRAINT "plan_version_closed_ck" CHECK (("plan_version"."status" = 'closed') = ("plan_version"."closed_at" is not null)),
	CONSTRAINT "plan_version_frozen_ck" CHECK ("plan_version"."status" not in ('agreed', 'active', 'under_review') or "plan_version"."frozen_at" is not null),
	CONSTRAINT "plan_version_agreed_ck" CHECK (("plan_version"."frozen_at" is null) = ("plan_version"."agreed_on" is null)),
	CONSTRAINT "plan_version_agreement_form_ck" CHECK ("plan_version"."agreement_form" is null or "plan_version"."agreement_form" in ('signed', 'oral', 'electronic')),
	CONSTRAINT "plan_version_agreed_by_ck" CHECK ("plan_version"."agreed_by" is null or "plan_version"."agreed_by" in ('person', 'legal_representative')),
	CONSTRAINT "plan_version_expectations_by_ck" CHECK ("plan_version"."expectations_by" is null or "plan_version"."expectations_by" in ('person', 'relative', 'legal_representative')),
	CONSTRAINT "plan_version_active_ck" CHECK ("plan_version"."status" not in ('active', 'under_review') or "plan_version"."start_date" is not null)
);
--> statement-breakpoint
ALTER TABLE "plan_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan" ADD CONSTRAINT "plan_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_version_id_plan_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_goal_id_plan_goal_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."plan_goal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_owner_user_id_app_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action" ADD CONSTRAINT "plan_action_owner_contact_id_care_team_member_id_fk" FOREIGN KEY ("owner_contact_id") REFERENCES "public"."care_team_member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_goal" ADD CONSTRAINT "plan_goal_version_id_plan_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review" ADD CONSTRAINT "plan_review_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review" ADD CONSTRAINT "plan_review_version_id_plan_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review" ADD CONSTRAINT "plan_review_next_version_id_plan_version_id_fk" FOREIGN KEY ("next_version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_review" ADD CONSTRAINT "plan_review_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_based_on_id_plan_version_id_fk" FOREIGN KEY ("based_on_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_assessment_id_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_representative_id_person_relative_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."person_relative"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_version" ADD CONSTRAINT "plan_version_agreement_recorded_by_app_user_id_fk" FOREIGN KEY ("agreement_recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_person_idx" ON "plan" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_open_uq" ON "plan" USING btree ("tenant_id","person_id") WHERE "plan"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "plan_action_version_idx" ON "plan_action" USING btree ("tenant_id","version_id","position");--> statement-breakpoint
CREATE INDEX "plan_action_owner_idx" ON "plan_action" USING btree ("tenant_id","owner_user_id") WHERE "plan_action"."owner_user_id" is not null;--> statement-breakpoint
CREATE INDEX "plan_goal_version_idx" ON "plan_goal" USING btree ("tenant_id","version_id","position");--> statement-breakpoint
CREATE INDEX "plan_review_plan_idx" ON "plan_review" USING btree ("tenant_id","plan_id","reviewed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_version_working_uq" ON "plan_version" USING btree ("tenant_id","plan_id") WHERE "plan_version"."status" in ('draft', 'proposed');--> statement-breakpoint
CREATE INDEX "plan_version_plan_idx" ON "plan_version" USING btree ("tenant_id","plan_id","number");--> statement-breakpoint
CREATE INDEX "plan_version_person_idx" ON "plan_version" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE POLICY "plan_tenant" ON "plan" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "plan_action_tenant" ON "plan_action" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "plan_goal_tenant" ON "plan_goal" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "plan_review_tenant" ON "plan_review" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "plan_version_tenant" ON "plan_version" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);