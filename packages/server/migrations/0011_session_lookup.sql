-- One round trip to authenticate a request (docs/performance.md): the session, its user and the
-- membership of the session's organisation, found by the hash of the token and nothing else.
-- SECURITY DEFINER because the membership is under RLS and the organisation is not known before
-- the session is read; the function returns only the row of the session whose token the caller
-- holds, exactly what plugins/auth.ts read before in two statements.
CREATE FUNCTION session_by_token(p_token_hash text)
RETURNS TABLE (
  id uuid, user_id uuid, tenant_id uuid, mfa_pending boolean, mfa_enrolment_required boolean,
  authenticated_at timestamptz, last_seen_at timestamptz, expires_at timestamptz,
  email text, display_name text, user_status text,
  membership_id uuid, role text, profession text, service_id uuid, membership_status text
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.id, s.user_id, s.tenant_id, s.mfa_pending, s.mfa_enrolment_required, s.authenticated_at,
         s.last_seen_at, s.expires_at, u.email, u.display_name, u.status,
         m.id, m.role, m.profession, m.service_id, m.status
  FROM session s
  JOIN app_user u ON u.id = s.user_id
  LEFT JOIN membership m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION session_by_token(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION session_by_token(text) TO maillon_app;
