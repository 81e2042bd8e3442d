-- Admissions: RLS forced (SEC-AZ-05).
ALTER TABLE "referral" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "referral_event" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "home_visit" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "committee_session" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "committee_case" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "admission_decision" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "waiting_list_entry" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "waiting_list_change" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "admission_setting" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Records about people are never hard-deleted (DESIGN.md §4.5): a referral is withdrawn, a visit
-- cancelled, a case postponed, a waiting-list place left; the history rows and decisions are
-- append-only for the application.
REVOKE DELETE, TRUNCATE ON "referral", "referral_event", "home_visit", "committee_session", "committee_case", "admission_decision", "waiting_list_entry", "waiting_list_change", "admission_setting" FROM maillon_app;--> statement-breakpoint
REVOKE UPDATE ON "referral_event", "admission_decision", "waiting_list_change" FROM maillon_app;--> statement-breakpoint

-- A decision is the committee's reasoned word at a date: it is never rewritten, also against a
-- bug or the owner. Merging two person records moves referrals, not decisions.
CREATE FUNCTION admission_append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed: record a new one', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER admission_decision_append_only BEFORE UPDATE ON "admission_decision"
  FOR EACH ROW EXECUTE FUNCTION admission_append_only_guard();--> statement-breakpoint
CREATE TRIGGER referral_event_append_only BEFORE UPDATE ON "referral_event"
  FOR EACH ROW EXECUTE FUNCTION admission_append_only_guard();--> statement-breakpoint
CREATE TRIGGER waiting_list_change_append_only BEFORE UPDATE ON "waiting_list_change"
  FOR EACH ROW EXECUTE FUNCTION admission_append_only_guard();--> statement-breakpoint

-- Last line against an illegal change of status (the service answers 409 before): the same flow
-- as `referralTransitions` in packages/shared/src/admissions/workflow.ts.
CREATE FUNCTION referral_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = OLD.status THEN
    RETURN NEW;
  END IF;
  IF NOT ((OLD.status = 'received' AND NEW.status IN ('under_review', 'withdrawn'))
       OR (OLD.status = 'under_review' AND NEW.status IN ('presented', 'decided', 'withdrawn'))
       OR (OLD.status = 'presented' AND NEW.status IN ('decided', 'under_review', 'withdrawn'))
       OR (OLD.status = 'decided' AND OLD.outcome IN ('accepted', 'waiting_list') AND NEW.status IN ('admitted', 'withdrawn'))
       OR (OLD.status = 'admitted' AND NEW.status = 'ended')) THEN
    RAISE EXCEPTION 'referral %: % → % is not allowed', OLD.id, OLD.status, NEW.status USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER referral_status BEFORE UPDATE ON "referral"
  FOR EACH ROW EXECUTE FUNCTION referral_status_guard();
