-- Assessments: RLS forced (SEC-AZ-05).
ALTER TABLE "assessment" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment_section" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment_result" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment_instrument" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment_instrument_version" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "assessment_need_type" FORCE ROW LEVEL SECURITY;--> statement-breakpoint

-- Clinical and social records are never hard-deleted (DESIGN.md §4.5): a signed assessment is
-- corrected by a new version, a draft is discarded, a result archived, an instrument archived,
-- a need retired.
REVOKE DELETE, TRUNCATE ON "assessment", "assessment_section", "assessment_result", "assessment_instrument", "assessment_instrument_version", "assessment_need_type" FROM maillon_app;--> statement-breakpoint

-- A signed assessment is frozen, also against a bug in a query: the only changes left are its
-- supersession by a signed correction (status, superseded_by_id) and the merge of two person
-- records (person_id). The service refuses earlier with a 409; this is the last line.
CREATE FUNCTION assessment_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moving constant text[] := ARRAY['status', 'superseded_by_id', 'person_id', 'updated_at', 'version'];
BEGIN
  IF OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF (to_jsonb(NEW) - moving) IS DISTINCT FROM (to_jsonb(OLD) - moving)
     OR NOT (NEW.status = OLD.status OR (OLD.status = 'signed' AND NEW.status = 'superseded'))
     OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id)
     OR (NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id AND NEW.status <> 'superseded') THEN
    RAISE EXCEPTION 'assessment % is %: it is corrected by a new version, never changed', OLD.id, OLD.status
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_frozen BEFORE UPDATE ON "assessment"
  FOR EACH ROW EXECUTE FUNCTION assessment_frozen_guard();--> statement-breakpoint

-- Sections and results are written only while their assessment is a draft.
CREATE FUNCTION assessment_part_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.assessment_id IS DISTINCT FROM OLD.assessment_id THEN
    RAISE EXCEPTION 'a part of an assessment never moves to another one' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM assessment a WHERE a.id = NEW.assessment_id AND a.status <> 'draft') THEN
    RAISE EXCEPTION 'assessment % is no longer a draft: its parts are frozen', NEW.assessment_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_section_frozen BEFORE INSERT OR UPDATE ON "assessment_section"
  FOR EACH ROW EXECUTE FUNCTION assessment_part_frozen_guard();--> statement-breakpoint
CREATE TRIGGER assessment_result_frozen BEFORE INSERT OR UPDATE ON "assessment_result"
  FOR EACH ROW EXECUTE FUNCTION assessment_part_frozen_guard();--> statement-breakpoint

-- A published instrument version is frozen: results recorded against it must keep their meaning.
CREATE FUNCTION assessment_instrument_version_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' AND (NEW.status <> 'published' OR NEW.definition IS DISTINCT FROM OLD.definition
      OR NEW.number <> OLD.number OR NEW.instrument_id <> OLD.instrument_id) THEN
    RAISE EXCEPTION 'instrument version % is published: make a new version', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_instrument_version_frozen BEFORE UPDATE ON "assessment_instrument_version"
  FOR EACH ROW EXECUTE FUNCTION assessment_instrument_version_frozen_guard();
