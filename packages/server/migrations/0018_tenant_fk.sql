-- A reference to a service stays within the organisation (SEC-AZ-03, issue 17): a foreign key checks
-- the referenced row without row-level security, so a lone `service_id` key accepted another
-- organisation's service. Each reference now also carries the row's tenant_id, so the database
-- refuses a service of another organisation whatever the code does. The services check it first
-- under RLS to name the field (identity `assertOwnService`, people, admissions, documents); the
-- single-column keys stay (declared in the module tables).
ALTER TABLE "service" ADD CONSTRAINT "service_tenant_id_uq" UNIQUE ("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "membership" ADD CONSTRAINT "membership_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "referral" ADD CONSTRAINT "referral_tenant_admitted_service_fk" FOREIGN KEY ("tenant_id", "admitted_service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "waiting_list_entry" ADD CONSTRAINT "waiting_list_entry_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");--> statement-breakpoint
ALTER TABLE "document_checklist" ADD CONSTRAINT "document_checklist_tenant_service_fk" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "public"."service"("tenant_id", "id");
