CREATE TABLE "break_glass" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"reason_code" text NOT NULL,
	"reason_text" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_outcome" text,
	"review_comment" text
);
--> statement-breakpoint
ALTER TABLE "break_glass" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "care_team_member" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"user_id" uuid,
	"external_name" text,
	"external_organisation" text,
	"external_email" text,
	"external_phone" text,
	"function" text NOT NULL,
	"is_referent" boolean DEFAULT false NOT NULL,
	"restricted_access" boolean DEFAULT false NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "care_team_member" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "consent" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"informed_at" date NOT NULL,
	"collected_by" uuid NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"info_categories" text[] NOT NULL,
	"professional_categories" text[] NOT NULL,
	"means" text[] NOT NULL,
	"security_measures_explained" boolean NOT NULL,
	"copy_given" boolean NOT NULL,
	"given_by" text NOT NULL,
	"representative_id" uuid,
	"notes" text,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "notification" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "legal_protection" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"protector_name" text NOT NULL,
	"protector_organisation" text,
	"protector_phone" text,
	"protector_email" text,
	"relative_id" uuid,
	"judgment_date" date,
	"start_date" date NOT NULL,
	"end_date" date,
	"covers" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "legal_protection" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"birth_name" text NOT NULL,
	"used_name" text,
	"first_names" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"birth_place" text,
	"birth_insee_code" text,
	"ins_matricule_enc" text,
	"ins_matricule_index" text,
	"ins_oid" text,
	"ins_status" text,
	"phone" text,
	"mobile" text,
	"email" text,
	"address" jsonb,
	"commune" text,
	"situation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"service_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"referent_user_id" uuid,
	"search_name" text NOT NULL,
	"sort_name" text NOT NULL,
	"merged_into" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "person_professional" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"organisation" text,
	"phone" text,
	"email" text,
	"rpps" text,
	"is_treating_doctor" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_professional" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "person_relative" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"archived_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"last_name" text NOT NULL,
	"first_name" text NOT NULL,
	"relationship" text NOT NULL,
	"phone" text,
	"email" text,
	"address" text,
	"is_caregiver" boolean DEFAULT false NOT NULL,
	"is_trusted_person" boolean DEFAULT false NOT NULL,
	"is_emergency_contact" boolean DEFAULT false NOT NULL,
	"is_legal_representative" boolean DEFAULT false NOT NULL,
	"notes" text
);
--> statement-breakpoint
ALTER TABLE "person_relative" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "break_glass" ADD CONSTRAINT "break_glass_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass" ADD CONSTRAINT "break_glass_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "break_glass" ADD CONSTRAINT "break_glass_reviewed_by_app_user_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_member" ADD CONSTRAINT "care_team_member_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_team_member" ADD CONSTRAINT "care_team_member_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_collected_by_app_user_id_fk" FOREIGN KEY ("collected_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent" ADD CONSTRAINT "consent_representative_id_person_relative_id_fk" FOREIGN KEY ("representative_id") REFERENCES "public"."person_relative"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_protection" ADD CONSTRAINT "legal_protection_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "legal_protection" ADD CONSTRAINT "legal_protection_relative_id_person_relative_id_fk" FOREIGN KEY ("relative_id") REFERENCES "public"."person_relative"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_referent_user_id_app_user_id_fk" FOREIGN KEY ("referent_user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_professional" ADD CONSTRAINT "person_professional_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_relative" ADD CONSTRAINT "person_relative_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "break_glass_user_idx" ON "break_glass" USING btree ("tenant_id","user_id","person_id","expires_at");--> statement-breakpoint
CREATE INDEX "break_glass_review_idx" ON "break_glass" USING btree ("tenant_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "care_team_person_idx" ON "care_team_member" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE INDEX "care_team_user_idx" ON "care_team_member" USING btree ("tenant_id","user_id","person_id") WHERE user_id is not null;--> statement-breakpoint
CREATE INDEX "consent_person_idx" ON "consent" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE INDEX "notification_user_idx" ON "notification" USING btree ("tenant_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "legal_protection_person_idx" ON "legal_protection" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE INDEX "person_search_trgm_idx" ON "person" USING gin ("search_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_birth_date_idx" ON "person" USING btree ("tenant_id","birth_date");--> statement-breakpoint
CREATE INDEX "person_sort_idx" ON "person" USING btree ("tenant_id","sort_name","id");--> statement-breakpoint
CREATE INDEX "person_updated_idx" ON "person" USING btree ("tenant_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "person_service_idx" ON "person" USING btree ("tenant_id","service_id","status");--> statement-breakpoint
CREATE INDEX "person_ins_idx" ON "person" USING btree ("tenant_id","ins_matricule_index");--> statement-breakpoint
CREATE INDEX "person_professional_person_idx" ON "person_professional" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE INDEX "person_relative_person_idx" ON "person_relative" USING btree ("tenant_id","person_id");--> statement-breakpoint
CREATE POLICY "break_glass_tenant" ON "break_glass" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "care_team_member_tenant" ON "care_team_member" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "consent_tenant" ON "consent" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "notification_tenant" ON "notification" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "legal_protection_tenant" ON "legal_protection" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "person_tenant" ON "person" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "person_professional_tenant" ON "person_professional" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "person_relative_tenant" ON "person_relative" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);