-- Issue 19, item 12: the invitation keeps the name the administrator typed, so the person who
-- accepts it finds it filled in (and may correct it). Older invitations have none.
ALTER TABLE "invitation" ADD COLUMN "display_name" text;--> statement-breakpoint
-- Issue 19, item 14: the professionals present at a home visit are members picked from the
-- organisation (told by a notification). `visitors` keeps their names as written when planned,
-- so visits planned before, with free text only, stay readable.
ALTER TABLE "home_visit" ADD COLUMN "visitor_ids" uuid[] DEFAULT '{}' NOT NULL;
