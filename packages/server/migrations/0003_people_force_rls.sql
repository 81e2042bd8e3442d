-- Tenant tables of the person's record: RLS forced (SEC-AZ-05).
ALTER TABLE "person" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "person_relative" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "legal_protection" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "person_professional" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "care_team_member" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "consent" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "break_glass" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "notification" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Clinical and social records are never hard-deleted (DESIGN.md §4.5): corrected or archived.
REVOKE DELETE, TRUNCATE ON "person", "person_relative", "legal_protection", "person_professional", "care_team_member", "consent", "break_glass" FROM maillon_app;
