-- Proposed schema changes (see docs/performance.md), applied by `BENCH_EXTRA_SQL=bench/proposals/indexes.sql npm run bench`
-- to measure them before they become a migration. Run as the owner (a superuser for the LEAKPROOF part).

-- 1. Care team: the visibility test (care team with active dates) reads start_date/end_date of every
--    care-team row of the user; with them in the index it is an index-only scan instead of one heap
--    fetch per row (2 200 for a coordinator of the bench).
--    (start_date, end_date as key columns rather than INCLUDE: same index-only scan, and drizzle's
--    index().on() can express it.)
create index if not exists care_team_user_idx_v2 on care_team_member (tenant_id, user_id, person_id, start_date, end_date)
  where user_id is not null;
drop index if exists care_team_user_idx;

-- 2. Name search under RLS: LIKE and pg_trgm's <% are not LEAKPROOF, so PostgreSQL may not use them as
--    index conditions ahead of the RLS policy (restriction_is_securely_promotable): the trigram index
--    is never used and every row of the tenant is tested. Marking the three functions LEAKPROOF (they
--    raise no error that depends on the row) lets the planner use a trigram index that also holds the
--    tenant (btree_gin), so that it reads the tenant's matches only.
create extension if not exists btree_gin;
create index if not exists person_search_trgm_idx_v2 on person using gin (tenant_id, search_name gin_trgm_ops);
drop index if exists person_search_trgm_idx;
alter function textlike(text, text) leakproof;
alter function word_similarity_op(text, text) leakproof;
alter function word_similarity_commutator_op(text, text) leakproof;
