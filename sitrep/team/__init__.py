"""Team mode: several officers' laptops share their incidents through one PostgreSQL server.

- ``connection``: the laptop's side: the connection string checked, the TLS rule
  (verify-full for a host that is not local), kept only in the encrypted store.
- ``schema``: the server's tables, roles and row-level security, as numbered SQL migrations.
- ``admin``: what the IT person runs: ``init`` (make or migrate the tables) and ``add_user``
  (a login with a generated password for one officer or reviewer).
- ``sync``: one sync (push guarded by revisions, pull of what differs, conflicts kept).
- ``local``: the store's side of a sync (revisions, rows waiting, conflicts, resolving them).
- ``remote``: the team's incidents read from the server for ``--team`` reports and exports.
- ``status``: the app's status line of the sync.

docs/team.md describes the server for the organization's IT person.
"""
