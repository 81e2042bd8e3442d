CREATE TABLE "assessment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"assessed_on" date NOT NULL,
	"context" text NOT NULL,
	"place" text,
	"participants" text,
	"assessed_by" uuid NOT NULL,
	"aggir" jsonb,
	"gir" smallint,
	"gir_rank" smallint,
	"gir_group" text,
	"gir_score" integer,
	"aggir_missing" text[],
	"supersedes_id" uuid,
	"superseded_by_id" uuid,
	"correction_reason" text,
	"signed_at" timestamp with time zone,
	"signed_by" uuid,
	"signed_categories" text[],
	"discarded_at" timestamp with time zone,
	"discarded_by" uuid,
	"discard_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_status_ck" CHECK ("assessment"."status" in ('draft', 'signed', 'superseded', 'discarded')),
	CONSTRAINT "assessment_context_ck" CHECK ("assessment"."context" in ('admission', 'periodic_review', 'change_of_situation', 'hospital_discharge')),
	CONSTRAINT "assessment_gir_ck" CHECK ("assessment"."gir" between 1 and 6),
	CONSTRAINT "assessment_signed_ck" CHECK (("assessment"."status" in ('signed', 'superseded')) = ("assessment"."signed_at" is not null)),
	CONSTRAINT "assessment_discarded_ck" CHECK (("assessment"."status" = 'discarded') = ("assessment"."discarded_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "assessment" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assessment_instrument" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"domain" text NOT NULL,
	"category" text NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_instrument_kind_ck" CHECK ("assessment_instrument"."kind" in ('zarit', 'questionnaire')),
	CONSTRAINT "assessment_instrument_domain_ck" CHECK ("assessment_instrument"."domain" in ('health', 'autonomy', 'cognition', 'personal', 'family', 'social', 'housing', 'education', 'employment', 'finances', 'legal')),
	CONSTRAINT "assessment_instrument_category_ck" CHECK ("assessment_instrument"."category" = case when "assessment_instrument"."domain" in ('health', 'autonomy', 'cognition') then 'health' else 'social' end)
);
--> statement-breakpoint
ALTER TABLE "assessment_instrument" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assessment_instrument_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"definition" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_instrument_version_number_uq" UNIQUE("tenant_id","instrument_id","number"),
	CONSTRAINT "assessment_instrument_version_status_ck" CHECK ("assessment_instrument_version"."status" in ('draft', 'published')),
	CONSTRAINT "assessment_instrument_version_published_ck" CHECK (("assessment_instrument_version"."status" = 'published') = ("assessment_instrument_version"."published_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "assessment_instrument_version" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assessment_need_type" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"domain" text NOT NULL,
	"code" text NOT NULL,
	"label" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_need_type_code_uq" UNIQUE("tenant_id","code"),
	CONSTRAINT "assessment_need_type_domain_ck" CHECK ("assessment_need_type"."domain" in ('health', 'autonomy', 'cognition', 'personal', 'family', 'social', 'housing', 'education', 'employment', 'finances', 'legal'))
);
--> statement-breakpoint
ALTER TABLE "assessment_need_type" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assessment_result" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"instrument_version_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"answers" jsonb NOT NULL,
	"total" double precision,
	"band_code" text,
	"band_label" text,
	"band_severity" text,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_result_category_ck" CHECK ("assessment_result"."category" in ('health', 'social'))
);
--> statement-breakpoint
ALTER TABLE "assessment_result" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "assessment_section" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"assessment_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"category" text NOT NULL,
	"observations" text,
	"needs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"wishes" text,
	"wishes_expressed_by" text,
	"strengths" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"risks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"urgency" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_section_domain_uq" UNIQUE("tenant_id","assessment_id","domain"),
	CONSTRAINT "assessment_section_domain_ck" CHECK ("assessment_section"."domain" in ('health', 'autonomy', 'cognition', 'personal', 'family', 'social', 'housing', 'education', 'employment', 'finances', 'legal')),
	CONSTRAINT "assessment_section_category_ck" CHECK ("assessment_section"."category" = case when "assessment_section"."domain" in ('health', 'autonomy', 'cognition') then 'health' else 'social' end)
);
--> statement-breakpoint
ALTER TABLE "assessment_section" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_assessed_by_app_user_id_fk" FOREIGN KEY ("assessed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_supersedes_id_assessment_id_fk" FOREIGN KEY ("supersedes_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_superseded_by_id_assessment_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_signed_by_app_user_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment" ADD CONSTRAINT "assessment_discarded_by_app_user_id_fk" FOREIGN KEY ("discarded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_instrument_version" ADD CONSTRAINT "assessment_instrument_version_instrument_id_assessment_instrument_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."assessment_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_instrument_version" ADD CONSTRAINT "assessment_instrument_version_published_by_app_user_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result" ADD CONSTRAINT "assessment_result_assessment_id_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result" ADD CONSTRAINT "assessment_result_instrument_id_assessment_instrument_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "public"."assessment_instrument"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_result" ADD CONSTRAINT "assessment_result_instrument_version_id_assessment_instrument_version_id_fk" FOREIGN KEY ("instrument_version_id") REFERENCES "public"."assessment_instrument_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_section" ADD CONSTRAINT "assessment_section_assessment_id_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_person_idx" ON "assessment" USING btree ("tenant_id","person_id","assessed_on","id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_correction_uq" ON "assessment" USING btree ("tenant_id","supersedes_id") WHERE "assessment"."supersedes_id" is not null and "assessment"."status" <> 'discarded';--> statement-breakpoint
CREATE INDEX "assessment_instrument_tenant_idx" ON "assessment_instrument" USING btree ("tenant_id","title");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_instrument_version_draft_uq" ON "assessment_instrument_version" USING btree ("tenant_id","instrument_id") WHERE "assessment_instrument_version"."status" = 'draft';--> statement-breakpoint
CREATE INDEX "assessment_result_assessment_idx" ON "assessment_result" USING btree ("tenant_id","assessment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_result_instrument_uq" ON "assessment_result" USING btree ("tenant_id","assessment_id","instrument_id") WHERE "assessment_result"."archived_at" is null;--> statement-breakpoint
CREATE POLICY "assessment_tenant" ON "assessment" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assessment_instrument_tenant" ON "assessment_instrument" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assessment_instrument_version_tenant" ON "assessment_instrument_version" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assessment_need_type_tenant" ON "assessment_need_type" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assessment_result_tenant" ON "assessment_result" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "assessment_section_tenant" ON "assessment_section" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);