CREATE TABLE "plan_action_progress" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"note" text,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_action_progress_from_ck" CHECK ("plan_action_progress"."from_status" in ('planned', 'in_progress', 'done', 'cancelled')),
	CONSTRAINT "plan_action_progress_to_ck" CHECK ("plan_action_progress"."to_status" in ('planned', 'in_progress', 'done', 'cancelled') and "plan_action_progress"."to_status" <> "plan_action_progress"."from_status")
);
--> statement-breakpoint
ALTER TABLE "plan_action_progress" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_action_progress" ADD CONSTRAINT "plan_action_progress_plan_id_plan_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plan"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action_progress" ADD CONSTRAINT "plan_action_progress_version_id_plan_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action_progress" ADD CONSTRAINT "plan_action_progress_action_id_plan_action_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."plan_action"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_action_progress" ADD CONSTRAINT "plan_action_progress_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "plan_action_progress_action_idx" ON "plan_action_progress" USING btree ("tenant_id","action_id","recorded_at");--> statement-breakpoint
CREATE POLICY "plan_action_progress_tenant" ON "plan_action_progress" AS PERMISSIVE FOR ALL TO public USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The follow-up of a plan in effect is kept as it was recorded (SEC-AZ-05: RLS forced; never
-- changed nor deleted, DESIGN.md §4.5).
ALTER TABLE "plan_action_progress" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "plan_action_progress" FROM maillon_app;
