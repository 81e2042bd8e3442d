CREATE TABLE "document_checklist" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"service_id" uuid,
	"document_types" text[] NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "document_checklist_scope_uq" UNIQUE NULLS NOT DISTINCT("tenant_id","service_id")
);
--> statement-breakpoint
ALTER TABLE "document_checklist" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "person_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"type" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"storage_key" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"valid_until" date,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	"archived_by" uuid,
	"archive_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "person_document_type_ck" CHECK ("person_document"."type" in ('identity', 'health_insurance', 'complementary_insurance', 'mdph_decision', 'apa_notification', 'protection_judgment', 'proof_of_address', 'tax_notice', 'medical_report', 'prescription', 'consent_form', 'other')),
	CONSTRAINT "person_document_category_ck" CHECK ("person_document"."category" in ('administrative', 'social', 'health')),
	CONSTRAINT "person_document_size_ck" CHECK ("person_document"."size_bytes" >= 0),
	CONSTRAINT "person_document_sha256_ck" CHECK ("person_document"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "person_document_archive_ck" CHECK (("person_document"."archived_at" is null) = ("person_document"."archive_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "person_document" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_checklist" ADD CONSTRAINT "document_checklist_service_id_service_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."service"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_checklist" ADD CONSTRAINT "document_checklist_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_document" ADD CONSTRAINT "person_document_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_document" ADD CONSTRAINT "person_document_uploaded_by_app_user_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_document" ADD CONSTRAINT "person_document_archived_by_app_user_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_document_person_idx" ON "person_document" USING btree ("tenant_id","person_id","created_at","id");--> statement-breakpoint
CREATE INDEX "person_document_type_idx" ON "person_document" USING btree ("tenant_id","person_id","type");--> statement-breakpoint
CREATE UNIQUE INDEX "person_document_storage_key_uq" ON "person_document" USING btree ("tenant_id","storage_key");--> statement-breakpoint
CREATE POLICY "document_checklist_tenant" ON "document_checklist" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "person_document_tenant" ON "person_document" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);