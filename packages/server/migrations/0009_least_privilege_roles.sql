-- SEC-AZ-10: least-privilege database roles. The migrator (DATABASE_URL's role) owns every
-- table; maillon_app has DML under RLS; maillon_audit_writer may only append to the audit log;
-- maillon_reporting may only read (RLS still applies: it is not the owner and cannot bypass it).
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM maillon_audit_writer;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO maillon_audit_writer;--> statement-breakpoint
GRANT INSERT ON "audit_event" TO maillon_audit_writer;--> statement-breakpoint
GRANT USAGE ON SEQUENCE "audit_event_id_seq" TO maillon_audit_writer;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO maillon_reporting;--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA public TO maillon_reporting;--> statement-breakpoint
REVOKE SELECT ON "session", "password_reset", "mfa_recovery_code", "auth_throttle", "idempotency_key", "outbox_message" FROM maillon_reporting;--> statement-breakpoint
REVOKE SELECT ON "app_user" FROM maillon_reporting;--> statement-breakpoint
GRANT SELECT ("id", "email", "display_name", "status", "locale", "created_at", "updated_at", "version") ON "app_user" TO maillon_reporting;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO maillon_reporting;
