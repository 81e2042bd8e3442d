-- Personal plans: RLS forced (SEC-AZ-05).
ALTER TABLE "plan" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_version" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_goal" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_action" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "plan_review" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Records about people are never hard-deleted (DESIGN.md §4.5): a goal or an action taken out of
-- a draft is marked removed, a version is closed, a review is kept as it was written.
REVOKE DELETE, TRUNCATE ON "plan", "plan_version", "plan_goal", "plan_action", "plan_review" FROM maillon_app;--> statement-breakpoint
REVOKE UPDATE ON "plan_review" FROM maillon_app;--> statement-breakpoint

-- An agreed version is frozen, also against a bug in a query (issue 7: "each agreed version is
-- frozen"). What may still move: its status along the flow (agreed → active → under review →
-- closed), the start date when it is put into effect, the figures computed for the lists, and the
-- person it belongs to when two records are merged. The service refuses earlier with a 409.
CREATE FUNCTION plan_version_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moving constant text[] := ARRAY['status', 'close_reason', 'closed_at', 'close_note', 'start_date', 'review_due_on',
    'over_budget', 'person_id', 'updated_at', 'version'];
BEGIN
  IF OLD.status = 'closed' AND (to_jsonb(NEW) - ARRAY['person_id', 'updated_at', 'version'])
      IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['person_id', 'updated_at', 'version']) THEN
    RAISE EXCEPTION 'plan version % is closed: it is never changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.frozen_at IS NULL THEN
    RETURN NEW;
  END IF;
  IF (to_jsonb(NEW) - moving) IS DISTINCT FROM (to_jsonb(OLD) - moving)
     OR NOT (NEW.status = OLD.status
       OR (OLD.status, NEW.status) IN (('agreed', 'active'), ('agreed', 'closed'), ('active', 'under_review'), ('active', 'closed'),
                                       ('under_review', 'active'), ('under_review', 'closed')))
     OR (OLD.status <> 'agreed' AND NEW.start_date IS DISTINCT FROM OLD.start_date) THEN
    RAISE EXCEPTION 'plan version % was agreed and is frozen: changes make a new version', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER plan_version_frozen BEFORE UPDATE ON "plan_version"
  FOR EACH ROW EXECUTE FUNCTION plan_version_frozen_guard();--> statement-breakpoint

-- Goals are written only while their version is a draft or a proposal.
CREATE FUNCTION plan_goal_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version_id IS DISTINCT FROM OLD.version_id THEN
    RAISE EXCEPTION 'a goal never moves to another version' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM plan_version v WHERE v.id = NEW.version_id AND v.status NOT IN ('draft', 'proposed')) THEN
    RAISE EXCEPTION 'plan version % is frozen: its goals cannot change', NEW.version_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER plan_goal_frozen BEFORE INSERT OR UPDATE ON "plan_goal"
  FOR EACH ROW EXECUTE FUNCTION plan_goal_frozen_guard();--> statement-breakpoint

-- Actions likewise; once the plan is in effect, only their progress (status) is followed.
CREATE FUNCTION plan_action_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  vstatus text;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.version_id IS DISTINCT FROM OLD.version_id THEN
    RAISE EXCEPTION 'an action never moves to another version' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  SELECT v.status INTO vstatus FROM plan_version v WHERE v.id = NEW.version_id;
  IF vstatus IN ('draft', 'proposed') THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND vstatus IN ('active', 'under_review')
     AND (to_jsonb(NEW) - ARRAY['status', 'updated_at']) IS NOT DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'updated_at']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'plan version % is frozen: its actions cannot change', NEW.version_id
    USING ERRCODE = 'integrity_constraint_violation';
END $$;--> statement-breakpoint
CREATE TRIGGER plan_action_frozen BEFORE INSERT OR UPDATE ON "plan_action"
  FOR EACH ROW EXECUTE FUNCTION plan_action_frozen_guard();
