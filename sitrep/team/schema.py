"""The team server's tables, roles and access rules, as numbered migrations of SQL.

Everything lives in the PostgreSQL schema ``sitrep`` (docs/team.md shows how the tables map to
the data contract). The rules are kept by the database engine itself, not by the client, so a
user who connects with any PostgreSQL tool gets no more than sitrep would give them:

- ``sitrep_officer``: inserts incidents and photos; reads and changes only the incidents it owns
  (``owner = current_user``, row-level security).
- ``sitrep_reviewer``: reads every incident, may correct it and set its status.
- ``sitrep_admin``: the role of whoever ran ``sitrep team init``; it owns the tables.
- Nobody deletes an incident: a deletion is the ``deleted`` flag (a tombstone), which travels to
  every laptop as data, with its own revision.
- Every version of every incident is written to ``revisions`` by a trigger that no client can
  skip; no officer or reviewer may change or delete a row there.
- ``revision``, ``owner``, ``updated_at`` and ``updated_by`` are set by the server (its clock,
  ``now()``), never by the laptop.

A migration is applied once, in one transaction, and recorded in ``schema_version``; running
``init`` again applies only what is missing. Never edit a migration that has shipped: add one.
"""

from __future__ import annotations

SCHEMA = "sitrep"
GROUP_ROLES = {"officer": "sitrep_officer", "reviewer": "sitrep_reviewer"}
ADMIN_ROLE = "sitrep_admin"
MINIMUM_SERVER = 130000  # PostgreSQL 13: the oldest release still supported when this was written
# One lock number for "someone is migrating the sitrep schema", so two inits never interleave.
MIGRATION_LOCK = 0x51772E9

VERSION_TABLE = """
CREATE SCHEMA IF NOT EXISTS sitrep;
REVOKE ALL ON SCHEMA sitrep FROM PUBLIC;
CREATE TABLE IF NOT EXISTS sitrep.schema_version (
    version integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by name NOT NULL DEFAULT current_user
);
REVOKE ALL ON sitrep.schema_version FROM PUBLIC;
"""

# The group roles are shared by every database of the server: made only when missing.
_ROLES = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sitrep_officer') THEN
        CREATE ROLE sitrep_officer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sitrep_reviewer') THEN
        CREATE ROLE sitrep_reviewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sitrep_admin') THEN
        CREATE ROLE sitrep_admin NOLOGIN;
    END IF;
END
$$;
GRANT sitrep_admin TO CURRENT_USER;
GRANT USAGE ON SCHEMA sitrep TO sitrep_officer, sitrep_reviewer, sitrep_admin;
GRANT SELECT ON sitrep.schema_version TO sitrep_officer, sitrep_reviewer;
"""

_INCIDENTS = r"""
CREATE TABLE sitrep.incidents (
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.:-]{1,64}$'),
    document jsonb NOT NULL CHECK (jsonb_typeof(document) = 'object'),
    status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    date date,
    admin1_ar text NOT NULL DEFAULT '',
    admin1_en text NOT NULL DEFAULT '',
    deleted boolean NOT NULL DEFAULT false,
    revision bigint NOT NULL DEFAULT 1,
    owner name NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by name NOT NULL DEFAULT current_user
);
CREATE INDEX incidents_date ON sitrep.incidents (date);
CREATE INDEX incidents_owner ON sitrep.incidents (owner);
CREATE INDEX incidents_revision ON sitrep.incidents (revision);
CREATE INDEX incidents_updated_at ON sitrep.incidents (updated_at);

CREATE TABLE sitrep.revisions (
    incident_id text NOT NULL,
    revision bigint NOT NULL,
    document jsonb NOT NULL,
    status text NOT NULL,
    deleted boolean NOT NULL,
    changed_by name NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, revision)
);
CREATE INDEX revisions_changed_at ON sitrep.revisions (changed_at);

-- The server keeps the bookkeeping columns, whatever the client sends: the revision counts up,
-- the owner never changes, the time is the server's, and status, date and governorate are read
-- from the document (a status set on its own is written into the document).
CREATE FUNCTION sitrep.incidents_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.revision := 1;
        NEW.owner := current_user;
        NEW.created_at := now();
    ELSE
        IF NEW.id IS DISTINCT FROM OLD.id THEN
            RAISE EXCEPTION 'an incident''s id cannot change' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status AND NEW.document IS NOT DISTINCT FROM OLD.document THEN
            NEW.document := jsonb_set(NEW.document, '{status}', to_jsonb(NEW.status));
        END IF;
        NEW.revision := OLD.revision + 1;
        NEW.owner := OLD.owner;
        NEW.created_at := OLD.created_at;
    END IF;
    NEW.document := jsonb_set(NEW.document, '{id}', to_jsonb(NEW.id));
    NEW.status := coalesce(NEW.document ->> 'status', 'draft');
    NEW.date := (NEW.document ->> 'date')::date;
    NEW.admin1_ar := coalesce(NEW.document #>> '{location,admin1,ar}', '');
    NEW.admin1_en := coalesce(NEW.document #>> '{location,admin1,en}', '');
    NEW.updated_at := now();
    NEW.updated_by := current_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER incidents_stamp BEFORE INSERT OR UPDATE ON sitrep.incidents
    FOR EACH ROW EXECUTE FUNCTION sitrep.incidents_stamp();

-- Runs as the tables' owner, so that officers and reviewers need (and have) no right to write
-- revisions themselves; "who" was taken as the real user by incidents_stamp above.
CREATE FUNCTION sitrep.incidents_record() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO sitrep.revisions (incident_id, revision, document, status, deleted, changed_by, changed_at)
    VALUES (NEW.id, NEW.revision, NEW.document, NEW.status, NEW.deleted, NEW.updated_by, NEW.updated_at);
    RETURN NULL;
END
$$;
CREATE TRIGGER incidents_record AFTER INSERT OR UPDATE ON sitrep.incidents
    FOR EACH ROW EXECUTE FUNCTION sitrep.incidents_record();

-- A deletion is a tombstone (deleted = true), so that it reaches every laptop.
CREATE FUNCTION sitrep.incidents_keep() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION 'incidents are never deleted: set deleted = true instead'
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER incidents_keep BEFORE DELETE ON sitrep.incidents
    FOR EACH ROW EXECUTE FUNCTION sitrep.incidents_keep();

CREATE TABLE sitrep.photos (
    name text PRIMARY KEY CHECK (name ~ '^[0-9a-f]{64}\.(jpg|png)$'),
    data bytea NOT NULL CHECK (length(data) <= 26214400),
    sha256 bytea GENERATED ALWAYS AS (sha256(data)) STORED,
    owner name NOT NULL DEFAULT current_user,
    added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photos_sha256 ON sitrep.photos (sha256);

CREATE FUNCTION sitrep.photos_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.owner := current_user;
    NEW.added_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER photos_stamp BEFORE INSERT ON sitrep.photos
    FOR EACH ROW EXECUTE FUNCTION sitrep.photos_stamp();
"""

_ACCESS = """
REVOKE ALL ON ALL TABLES IN SCHEMA sitrep FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA sitrep FROM PUBLIC;

GRANT SELECT, INSERT (id, document, deleted), UPDATE (document, status, deleted)
    ON sitrep.incidents TO sitrep_officer, sitrep_reviewer;
GRANT SELECT ON sitrep.revisions TO sitrep_officer, sitrep_reviewer;
GRANT SELECT, INSERT (name, data) ON sitrep.photos TO sitrep_officer, sitrep_reviewer;
GRANT ALL ON ALL TABLES IN SCHEMA sitrep TO sitrep_admin;

-- FORCE: the rules hold for the tables' owner too; the admin has policies of its own below.
ALTER TABLE sitrep.incidents ENABLE ROW LEVEL SECURITY;
ALTER TABLE sitrep.incidents FORCE ROW LEVEL SECURITY;
ALTER TABLE sitrep.revisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sitrep.revisions FORCE ROW LEVEL SECURITY;
ALTER TABLE sitrep.photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE sitrep.photos FORCE ROW LEVEL SECURITY;

CREATE POLICY officer_reads_own ON sitrep.incidents FOR SELECT TO sitrep_officer
    USING (owner = current_user);
CREATE POLICY officer_adds_own ON sitrep.incidents FOR INSERT TO sitrep_officer
    WITH CHECK (owner = current_user);
CREATE POLICY officer_changes_own ON sitrep.incidents FOR UPDATE TO sitrep_officer
    USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY reviewer_reads_all ON sitrep.incidents FOR SELECT TO sitrep_reviewer USING (true);
CREATE POLICY reviewer_adds_own ON sitrep.incidents FOR INSERT TO sitrep_reviewer
    WITH CHECK (owner = current_user);
CREATE POLICY reviewer_corrects_all ON sitrep.incidents FOR UPDATE TO sitrep_reviewer
    USING (true) WITH CHECK (true);
CREATE POLICY admin_all ON sitrep.incidents TO sitrep_admin USING (true) WITH CHECK (true);

-- The history of an incident is visible to whoever may see the incident itself.
CREATE POLICY readers_of_the_incident ON sitrep.revisions FOR SELECT TO sitrep_officer, sitrep_reviewer
    USING (EXISTS (SELECT FROM sitrep.incidents AS i WHERE i.id = incident_id));
CREATE POLICY admin_all ON sitrep.revisions TO sitrep_admin USING (true) WITH CHECK (true);

-- A photo is seen by whoever sent it and by whoever may see an incident that shows it.
CREATE POLICY officer_reads_shown ON sitrep.photos FOR SELECT TO sitrep_officer
    USING (owner = current_user OR EXISTS (
        SELECT FROM sitrep.incidents AS i
        WHERE i.document -> 'attachments' @> jsonb_build_array(jsonb_build_object('path', 'photos/' || name))));
CREATE POLICY reviewer_reads_all ON sitrep.photos FOR SELECT TO sitrep_reviewer USING (true);
CREATE POLICY members_add ON sitrep.photos FOR INSERT TO sitrep_officer, sitrep_reviewer
    WITH CHECK (owner = current_user);
CREATE POLICY admin_all ON sitrep.photos TO sitrep_admin USING (true) WITH CHECK (true);
"""

# (version, SQL): applied in order, each once.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, _ROLES + _INCIDENTS + _ACCESS),
)
LATEST = MIGRATIONS[-1][0]
