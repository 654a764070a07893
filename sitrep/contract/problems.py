"""Validation problems (errors and warnings) with messages in Arabic and English.

A Problem keeps a stable code, the field path (``casualties[0].killed``) and the
values for its message; the text is chosen at display time, in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import ValidationError

from sitrep.i18n import N_, gettext_for

MESSAGES = {
    # Reading the file
    "not_utf8": N_("The file is not UTF-8 text (byte {position} cannot be read)."),
    "not_json": N_("The file is not valid JSON (line {line}, column {column}): {detail}."),
    "number_too_long": N_("The file holds a number of more than {limit} digits, which no field accepts."),
    "json_unreadable": N_("The file cannot be read as JSON ({detail})."),
    "not_an_incident": N_("The file does not hold an incident or a report of this contract."),
    "file_too_large": N_("The file is too large ({size} MB); the limit is {limit} MB."),
    "file_unreadable": N_("The file cannot be read: {detail}."),
    "not_a_file": N_("This is not an ordinary file (it is a device, a pipe or a folder); choose a file."),
    # Pydantic's own checks
    "missing": N_("This field is required."),
    "extra_forbidden": N_("Unknown field: check its spelling against the data contract."),
    "literal_error": N_("Unknown value {input!r}; allowed values: {expected}."),
    "int_type": N_("Must be a whole number."),
    "float_type": N_("Must be a number."),
    "greater_than_equal": N_("Must be {ge} or more."),
    "less_than_equal": N_("Must be {le} or less."),
    "too_short": N_("At least {min_length} entry is required."),
    "too_long": N_("At most {max_length} entries are allowed."),
    "string_too_short": N_("Must not be empty."),
    "string_too_long": N_("Too long: at most {max_length} characters."),
    "string_type": N_("Must be text."),
    "string_pattern_mismatch": N_("Wrong format (expected {pattern})."),
    "bool_type": N_("Must be true or false."),
    "model_type": N_("Must be an object with named fields."),
    "model_attributes_type": N_("Must be an object with named fields."),
    "dict_type": N_("Must be an object with named fields."),
    "list_type": N_("Must be a list."),
    "date_type": N_("Must be a date written YYYY-MM-DD."),
    # Rules of the contract
    "bad_date": N_("{value!r} is not a date written YYYY-MM-DD."),
    "future_date": N_("The date {value} is in the future."),
    "bad_time": N_("{value!r} is not a time of day written HH:MM (00:00 to 23:59)."),
    "bad_timezone": N_("{value!r} is not a known time zone (for example Asia/Damascus)."),
    "part_above_total": N_("{part} ({value}) is above {total_field} ({total}) on the same row."),
    "coordinates_pair": N_("Latitude and longitude must be given together."),
    "flash_update_one_incident": N_("A flash update covers exactly one incident; this one has {count}."),
    "kind_not_supported": N_("Reports of kind {kind} cannot be rendered yet; use flash_update."),
    "literal_schema_version": N_("schema_version must be 1 or 2."),
    "control_character": N_("Contains a control character ({char}), which cannot be printed; remove it."),
    "not_one_line": N_("Must be one line: remove the line break or tab."),
    "perpetrator_unknown_alone": N_("\"unknown\" cannot be combined with another perpetrator group."),
    # Warnings: the incident is kept, the user should look again.
    "narrative_missing": N_("The narrative has no {language} text."),
    "no_source": N_("The incident is marked confirmed but lists no source."),
    "far_from_country": N_("The coordinates ({lat}, {lon}) are far from {country}."),
    "unexpected": N_("Invalid value: {detail}"),
    # The store and the files it writes
    "db_unreadable": N_("The database {path} cannot be opened ({detail}). Choose another data folder or restore a backup."),
    "db_foreign": N_("{path} is not a sitrep database (it belongs to another program); it was left as it is. Choose another data folder."),
    "db_too_new": N_("The database {path} was written by a newer version of sitrep; update sitrep to open it."),
    # The passphrase (sitrep/vault.py)
    "wrong_passphrase": N_("This passphrase does not open {path}. Nothing was changed. Check the keyboard's "
                           "language and Caps Lock, then try again. If you are sure of it, the file is damaged "
                           "or is not a sitrep database: restore a backup."),
    "db_not_encrypted": N_("The database {path} is not encrypted yet (it was made by an older version of sitrep). "
                           "Start the app, or give a passphrase, to encrypt it."),
    "passphrase_too_short": N_("The passphrase is too short: use at least {count} characters, or better, several "
                               "words."),
    "passphrases_differ": N_("The two passphrases are not the same. Type them again."),
    "backup_not_encrypted": N_("The backup {path} could not be encrypted ({detail}); it is left as it is, "
                               "unencrypted. Look at it, then delete it."),
    "passphrase_needed": N_("The database is encrypted and no passphrase was given. Run the command in a terminal "
                            "to type it, or set SITREP_PASSPHRASE for scripts."),
    # The team server (sitrep/team/)
    "team_dsn_bad": N_("The server's connection string cannot be read ({detail}). It looks like "
                       "postgresql://NAME@HOST/DATABASE, as the organization's IT person gave it."),
    "team_insecure": N_("The connection to {host} would not be encrypted (sslmode={mode}): the password and "
                        "every record would cross the network readable. Ask the IT person for TLS, or allow "
                        "this connection explicitly if the network is trusted."),
    "team_id_taken": N_("The incident {id} was not sent: another user of the team server already has an "
                        "incident with this ID, which you may not see. Duplicate it under a new ID, then sync."),
    "team_incident_invalid": N_("The team server's incident {id} does not follow the data contract; it was left "
                                "out. Ask its author or a reviewer to correct it."),
    "team_not_connected": N_("This laptop is not connected to a team server: run sitrep team connect, or use "
                             "File > Team server…, first."),
    "team_unreachable": N_("The team server {server} cannot be reached ({detail}). Nothing is lost: work goes "
                           "on offline, and what was not sent yet waits for the next sync."),
    "team_login_failed": N_("The team server {server} refused the name or the password. Nothing was changed. "
                            "Check them with the IT person."),
    "team_tls_failed": N_("The secure connection to {server} failed ({detail}). Nothing was sent. The server's "
                          "certificate may be missing, expired or for another name: tell the IT person."),
    # The team server, the IT person's side (sitrep team init / add-user)
    "team_server_too_old": N_("The team server {server} runs PostgreSQL {version}; sitrep needs PostgreSQL 13 or "
                              "later. Nothing was changed."),
    "team_not_admin": N_("The user of this connection string may not make the team's tables or users on {server} "
                         "({detail}). Nothing was changed. Use the string of the database's owner, with the right "
                         "to create roles (CREATEROLE)."),
    "team_server_error": N_("The team server {server} refused the change ({detail}). Nothing was changed."),
    "team_schema_too_new": N_("The team tables on {server} are of version {found}, newer than this sitrep knows "
                              "({known}). Nothing was changed. Update sitrep, then try again."),
    "team_not_initialized": N_("The database {server} has no sitrep team tables yet. Nothing was changed. Run "
                               "sitrep team init first."),
    "team_user_exists": N_("The team server {server} already has a user named {name}. Nothing was changed. "
                           "Choose another name."),
    "team_user_name_bad": N_("{name!r} cannot be a user name: use 1 to 63 lower-case Latin letters, digits and _, "
                             "starting with a letter (for example amina_k), and not starting with pg_ or sitrep_."),
    "incident_exists": N_("An incident with the ID {id} is already stored."),
    "incident_not_found": N_("No stored incident has the ID {id}."),
    "output_unwritable": N_("Cannot write {path}: {detail}."),
    # Only a damaged file (db_unreadable) is worth restoring a backup for: over a healthy
    # database, a restore throws away the work done since that backup.
    "db_unavailable": N_("The database {path} cannot be opened ({detail}). Nothing shows that it is damaged, so do "
                         "not restore a backup: check that its folder exists and can be written, then try again."),
    "db_write_failed": N_("The database {path} could not be written ({detail}). This change was not saved; what "
                          "was saved before is kept. Try again, and if it fails again, check the disk and the "
                          "folder's permissions."),
    "disk_full": N_("The disk holding {path} is full. Nothing was written, and what was saved before is kept. "
                    "Free some space, then try again."),
    "db_shm_readonly": N_("The database cannot be changed because {path} is read-only: a program that opened the "
                          "database read-only left it behind. Close any other program using the database; if none "
                          "is running, delete {path} (it holds no incidents), then try again."),
    "backup_no_space": N_("Today's backup copy of the database was not made: the disk holding {folder} has too "
                          "little free space. The database itself is fine and was opened. Free some space; the copy "
                          "will be tried again next time."),
    "backup_failed": N_("Today's backup copy of the database could not be made in {folder} ({detail}). The "
                        "database itself is fine and was opened. Free some space or check that folder; the copy "
                        "will be tried again next time."),
    "output_is_store_file": N_("{path} is one of sitrep's own files (the database, a backup or a stored photo): "
                               "writing there would destroy it. Choose another file."),
}

LANGUAGE_NAMES = {"ar": N_("Arabic"), "en": N_("English")}


@dataclass(frozen=True)
class Problem:
    code: str
    path: str = ""
    params: dict = field(default_factory=dict)
    severity: str = "error"  # or "warning"

    # Subclasses with messages of their own (sitrep.settings) replace these two.
    messages: ClassVar[dict] = MESSAGES
    # Parameters whose value is itself a msgid, translated before formatting.
    translated_params: ClassVar[dict] = {"language": LANGUAGE_NAMES}

    def text(self, lang: str) -> str:
        template = gettext_for(lang, self.messages.get(self.code, MESSAGES["unexpected"]))
        params = dict(self.params)
        for name, labels in self.translated_params.items():
            if name in params:
                params[name] = gettext_for(lang, labels[params[name]])
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            return template

    def message(self, lang: str) -> str:
        """The text prefixed by the field path, as shown to users."""
        body = self.text(lang)
        return f"{self.path}: {body}" if self.path else body


class InputError(Exception):
    """Input that cannot become an incident; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message("en") for p in problems))
        self.problems = problems


def path_text(loc: tuple) -> str:
    """('casualties', 0, 'killed') -> 'casualties[0].killed'."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def from_validation_error(error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        code = item["type"]
        ctx = dict(item.get("ctx") or {})
        loc = tuple(part for part in item["loc"] if not _is_tag(part))
        if "field" in ctx:  # rules checked on a whole object name the field they concern
            loc += (ctx.pop("field"),)
        if code == "literal_error" and loc[-1:] == ("schema_version",):
            code = "literal_schema_version"
        if code not in MESSAGES:
            ctx = {"detail": item["msg"]}
            code = "unexpected"
        else:
            ctx.setdefault("input", item.get("input"))
            ctx = {key: _plain(value, 400 if key == "expected" else 80) for key, value in ctx.items()}
        problems.append(Problem(code, path_text(loc), ctx))
    return problems


def _is_tag(part) -> bool:
    # Pydantic adds validator names such as 'function-after[...]' to some locations.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _plain(value, limit: int):
    """Message parameters stay short: hostile input may be megabytes long."""
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return _short(value if isinstance(value, str) else str(value), limit)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
