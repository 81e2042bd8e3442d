-- Documents of a person's record: RLS forced (SEC-AZ-05).
ALTER TABLE "person_document" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "document_checklist" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
-- Documents are never hard-deleted (DESIGN.md §4.5): archived with a reason. Checklist scopes are
-- saved with an empty list rather than removed.
REVOKE DELETE, TRUNCATE ON "person_document", "document_checklist" FROM maillon_app;
