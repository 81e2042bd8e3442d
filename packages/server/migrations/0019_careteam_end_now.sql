-- Ending a care-team membership on or before today ends it at once (SEC-AZ-06): `ended_at` holds
-- that moment, and "in the care team" requires it to be null. The index used for "my care teams"
-- keeps the column so that the check stays an index-only scan (docs/performance.md).
DROP INDEX "care_team_user_dates_idx";--> statement-breakpoint
ALTER TABLE "care_team_member" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "care_team_user_dates_idx" ON "care_team_member" USING btree ("tenant_id","user_id","person_id","start_date","end_date","ended_at") WHERE user_id is not null;
