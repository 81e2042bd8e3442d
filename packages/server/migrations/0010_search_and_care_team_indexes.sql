DROP INDEX "care_team_user_idx";--> statement-breakpoint
DROP INDEX "person_search_trgm_idx";--> statement-breakpoint
CREATE INDEX "care_team_user_dates_idx" ON "care_team_member" USING btree ("tenant_id","user_id","person_id","start_date","end_date") WHERE user_id is not null;--> statement-breakpoint
CREATE INDEX "person_search_tenant_trgm_idx" ON "person" USING gin ("tenant_id","search_name" gin_trgm_ops);