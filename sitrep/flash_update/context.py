"""Report context: everything a template prints, already translated and formatted.

Templates do no business logic; they get, for each language, finished strings. The
report arrives with its profile applied (sitrep/contract/public_profile.py, by the
render engine for a flash update and by the pipeline for a situation report): a public
one has no sources, internal notes or unpublishable photos left to print. The context
only chooses the sections a profile shows (sources and notes are internal ones).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep import formatting

from sitrep.render import labels

from sitrep.contract import vocab
from sitrep.contract.model import OUTCOMES, Incident, Report, Tally
from sitrep.photos import data_url, read_stored
from sitrep.render.bilingual import (SEPARATOR, Lang, Options, columns_for, document_lang, langs_for,
                                     number_text, paragraphs, per_lang)


@dataclass
class Fact:
    """One line of the facts grid: a label and a value in each language."""

    label: dict
    value: dict
    shared: bool = False  # same value in both languages (an id): printed once
    internal: bool = False
    rows: list = field(default_factory=list)


def flash_update_context(report: Report, options: Options) -> dict:
    incident = report.incidents[0]
    internal = options.profile == "internal"
    langs = langs_for(options)
    columns = columns_for(options.languages)
    return {
        "columns": columns,
        "primary": columns[-1] if "ar" in columns else "en",
        "profile": options.profile,
        "internal": internal,
        "draft": incident.status == "draft",
        "org": per_lang(langs, lambda L: L.text(report.organization.name)),
        "logo": report.organization.logo,
        "kind": per_lang(langs, lambda L: L.t(labels.FLASH_UPDATE)),
        "number": per_lang(langs, lambda L: number_text(report.number, L)),
        "issued": per_lang(langs, lambda L: L.t(labels.ISSUED, date=L.date(report.issued))),
        "title": per_lang(langs, lambda L: L.text(report.title) or default_title(incident, L)),
        "profile_label": per_lang(langs, lambda L: L.vocab(vocab.PROFILES, options.profile)),
        "page_of": per_lang(langs, lambda L: L.t(labels.PAGE_OF, page="{page}", pages="{pages}")),
        "key_figures": per_lang(langs, lambda L: box_rows(key_figures(incident, L))),
        "highlights": per_lang(langs, lambda L: L.text(report.highlights, fallback=False)),
        "facts": facts(incident, langs, internal),
        "casualties": per_lang(langs, lambda L: casualty_table(incident, L)),
        "narrative": per_lang(langs, lambda L: paragraphs(L.text(incident.narrative, fallback=False))),
        "photos": photos(incident, langs, options),
        "sources": source_rows(incident, langs) if internal else None,
        "internal_notes": paragraphs(incident.internal_notes) if internal else [],
        "internal_notes_title": formatting.BETWEEN_LANGUAGES.join(langs[code].t(labels.INTERNAL_NOTES) for code in ("en", "ar")),
        "casualty_summary": per_lang(langs, lambda L: casualty_summary(incident, L)),
        "label": per_lang(langs, lambda L: {name: L.t(getattr(labels, name)) for name in (
            "FACTS", "CASUALTIES", "NARRATIVE", "PHOTOS", "HIGHLIGHTS", "DRAFT_MARK", "CAVEAT", "NO_CASUALTIES")}),
        "meta": {
            "lang": document_lang(columns),
            "title": " / ".join(filter(None, (
                report.title.en or default_title(incident, langs["en"]),
                report.title.ar or default_title(incident, langs["ar"]),
            ))) if options.languages == "ar+en" else (
                langs[columns[0]].text(report.title) or default_title(incident, langs[columns[0]])),
            "author": report.organization.name.en or report.organization.name.ar,
            "keywords": ", ".join(incident.attack_types),
        },
    }


def default_title(incident: Incident, L: Lang) -> str:
    """"Airstrike: Field hospital, Kafr Naha" when the report has no title of its own."""
    attack = L.vocab(vocab.ATTACK_TYPES, incident.attack_types[0])
    target = incident.targets[0]
    what = L.text(target.name) or L.vocab(vocab.TARGET_KINDS, target.kind)
    place = L.text(incident.location.place)
    if place and place in what:  # "Kafr Naha field hospital" already says where
        place = ""
    return f"{attack}: {L.join([what, place])}"


def key_figures(incident: Incident, L: Lang) -> list[dict]:
    """The boxes at the top: a number (or "not known") and what it counts.

    A figure with an unknown part is a minimum and says so ("at least"); when no
    casualty count at all is known, one box says that instead of two unknowns.
    """
    if incident.casualties_unknown():
        boxes = [box(label=L.t(labels.CASUALTIES_NOT_KNOWN).rstrip("."), wide=True)]
    else:
        boxes = [figure(incident.tally("killed"), labels.KILLED_N, L, labels.KILLED_UNKNOWN),
                 figure(incident.tally("injured"), labels.INJURED_N, L, labels.INJURED_UNKNOWN)]
    boxes += [figure(Tally(len(incident.targets)), labels.FACILITIES_N, L),
              figure(Tally(incident.facilities_out_of_service()), labels.OUT_OF_SERVICE_N, L)]
    # Figures that only apply to some incidents: shown when there is something to count.
    for column, forms in (("killed", labels.HW_KILLED_N), ("injured", labels.HW_INJURED_N),
                          ("kidnapped", labels.HW_KIDNAPPED_N), ("arrested", labels.HW_ARRESTED_N)):
        tally = incident.tally(column, "health_workers")
        if tally.known:
            boxes.append(figure(tally, forms, L))
    vehicles = sum(1 for target in incident.targets if target.kind in VEHICLES)
    if vehicles:
        boxes.append(figure(Tally(vehicles), labels.VEHICLES_N, L))
    return boxes


VEHICLES = ("ambulance", "civil_defence_vehicle")


def box(number: str = "", label: str = "", above: str = "", below: str = "", unknown: bool = False,
        wide: bool = False, blank: bool = False) -> dict:
    """One key-figure box, every key present (the templates' undefined values are errors)."""
    return {"number": number, "label": label, "above": above, "below": below, "unknown": unknown, "wide": wide,
            "blank": blank}


def box_rows(boxes: list[dict], width: int = 4) -> list[list[dict]]:
    """Boxes in rows of ``width`` cells, a wide box taking two; a short row is filled
    with blank cells so that every box keeps the same width."""
    rows, row, used = [], [], 0
    for one in [*boxes, None]:
        span = 2 if one and one["wide"] else 1
        if one is None or used + span > width:
            rows.append(row + [box(blank=True)] * (width - used))
            row, used = [], 0
        if one is not None:
            row.append(one)
            used += span
    return [row for row in rows if any(not one["blank"] for one in row)]


def figure(tally: Tally, forms: tuple[str, str], L: Lang, unknown_label: str = "") -> dict:
    if tally.state == "unknown":
        return box(L.t(labels.NOT_KNOWN), L.t(unknown_label), unknown=True)
    if tally.state != "at_least":
        return box(L.num(tally.known), L.n(forms, tally.known))
    # "at least / 3 / people killed", but «٣ / قتلى / على الأقل»: after the noun, Arabic
    # keeps the counted form the label already has.
    where = "below" if L.lang == "ar" else "above"
    return box(L.num(tally.known), L.n(forms, tally.known), **{where: L.t(labels.AT_LEAST_ABOVE)})


def casualty_summary(incident: Incident, L: Lang) -> str:
    """One or two sentences on the dead and injured, in the state their counts are in."""
    if not incident.casualties:
        return ""  # the table's place says "No casualties reported."
    if incident.casualties_unknown():
        return L.t(labels.CASUALTIES_NOT_KNOWN)
    sentences = (
        (incident.tally("killed"), labels.KILLED_SENTENCE, labels.KILLED_AT_LEAST_SENTENCE,
         labels.KILLED_NOT_KNOWN_SENTENCE, labels.NO_ONE_KILLED),
        (incident.tally("injured"), labels.INJURED_SENTENCE, labels.INJURED_AT_LEAST_SENTENCE,
         labels.INJURED_NOT_KNOWN_SENTENCE, labels.NO_ONE_INJURED),
    )
    out = []
    for tally, known, at_least, not_known, nobody in sentences:
        if tally.state == "unknown":
            out.append(L.t(not_known))
        elif tally.nobody:
            out.append(L.t(nobody))
        else:
            forms = known if tally.state == "known" else at_least
            out.append(L.n(forms, tally.known).format(count=L.num(tally.known)))
    return " ".join(out)


def facts(incident: Incident, langs: dict[str, Lang], internal: bool) -> list[Fact]:
    def label(message: str) -> dict:
        return per_lang(langs, lambda L: L.t(message))

    rows = [
        Fact(label(labels.DATE_TIME), per_lang(langs, lambda L: when(incident, L))),
        Fact(label(labels.PLACE), per_lang(langs, lambda L: place(incident, L))),
    ]
    if internal and incident.location.lat is not None:
        coords = f"{incident.location.lat:.5f}, {incident.location.lon:.5f}"
        # Isolated in Arabic: unisolated, the pair printed as "36.93000 ,36.19000".
        rows.append(Fact(label(labels.COORDINATES), {"ar": formatting.isolate(coords, "ar"), "en": coords},
                         shared=True, internal=True))
    for target in incident.targets:
        rows.append(Fact(label(labels.FACILITY), per_lang(langs, lambda L, t=target: facility(t, L))))
        rows.append(Fact(label(labels.DAMAGE_SERVICE), per_lang(langs, lambda L, t=target: L.join([
            L.vocab(vocab.DAMAGE, t.damage), L.vocab(vocab.SERVICE, t.service)]))))
    rows.append(Fact(label(labels.ATTACK_TYPE), per_lang(langs, lambda L: L.join(
        [L.vocab(vocab.ATTACK_TYPES, kind) for kind in incident.attack_types]
        + ([L.t(labels.REPEATED_STRIKE)] if incident.repeated_strike else [])))))
    if incident.perpetrator_groups:
        rows.append(Fact(label(labels.PERPETRATOR_GROUPS), per_lang(langs, lambda L: L.either(
            [L.vocab(vocab.PERPETRATOR_GROUPS, group) for group in incident.perpetrator_groups]))))
    if not incident.perpetrator.is_empty():
        rows.append(Fact(label(labels.PERPETRATOR), per_lang(langs, lambda L: L.text(incident.perpetrator))))
    rows.append(Fact(label(labels.CERTAINTY), per_lang(langs, lambda L: L.vocab(vocab.CERTAINTY, incident.certainty))))
    rows.append(Fact(label(labels.INCIDENT_ID), {"ar": incident.id, "en": incident.id}, shared=True))
    return rows


def when(incident: Incident, L: Lang) -> str:
    day = L.date(incident.date)
    if incident.time is None:
        return f"{day} ({L.t(labels.TIME_UNKNOWN)})"
    return L.join([day, formatting.clock(incident.time, L.lang, L.options.digits)])


def place(incident: Incident, L: Lang) -> str:
    loc = incident.location
    return L.join([L.text(loc.place), L.text(loc.admin3), L.text(loc.admin2), L.text(loc.admin1)])


def facility(target, L: Lang) -> str:
    kind = L.vocab(vocab.TARGET_KINDS, target.kind)
    name = L.text(target.name)
    text = f"{name} ({kind})" if name else kind
    operator = L.text(target.operator)
    return f"{text}{SEPARATOR[L.lang]}{L.t(labels.OPERATOR, operator=operator)}" if operator else text


# Outcome columns beyond killed and injured, shown when some row knows them: a
# migrated version-1 row never recorded kidnappings, and a column of "not known"
# everywhere would say nothing.
OPTIONAL_OUTCOMES = {"kidnapped": labels.KIDNAPPED, "arrested": labels.ARRESTED, "detained": labels.DETAINED,
                     "missing": labels.MISSING}


def casualty_table(incident: Incident, L: Lang) -> dict:
    rows = incident.casualties
    with_children = any(r.children_killed is not None or r.children_injured is not None for r in rows)
    with_women = any(r.women_killed is not None or r.women_injured is not None for r in rows)
    outcomes = ["killed", "injured"] + [name for name in OUTCOMES[2:]
                                        if any(getattr(r, name) is not None for r in rows)]
    titles = {"killed": labels.KILLED, "injured": labels.INJURED, **OPTIONAL_OUTCOMES}
    header = [L.t(labels.GROUP)] + [L.t(titles[name]) for name in outcomes]
    if with_children:
        header.append(L.t(labels.CHILDREN))
    if with_women:
        header.append(L.t(labels.WOMEN))

    def line(name: str, cell) -> list[str]:
        cells = [name] + [cell(column) for column in outcomes]
        if with_children:
            cells.append(f"{cell('children_killed')} / {cell('children_injured')}")
        if with_women:
            cells.append(f"{cell('women_killed')} / {cell('women_injured')}")
        return cells

    body = [line(L.vocab(vocab.CASUALTY_GROUPS, r.group), lambda column, r=r: L.count(getattr(r, column)))
            for r in rows]
    footer = line(L.t(labels.TOTAL), lambda column: L.tally(incident.tally(column)))
    table = {"header": header, "rows": body, "total": footer if len(rows) > 1 else None}
    return {**table, "parts": table_parts(table)}


# Count columns per table in a half-page language column: "not known" in more of them
# would run into the other language. A wider table continues below, the group repeated.
COLUMNS_PER_TABLE = 4


def table_parts(table: dict) -> list[dict]:
    def cut(cells, start):
        return None if cells is None else [cells[0], *cells[start:start + COLUMNS_PER_TABLE]]

    return [{"header": cut(table["header"], start), "rows": [cut(row, start) for row in table["rows"]],
             "total": cut(table["total"], start)}
            for start in range(1, len(table["header"]), COLUMNS_PER_TABLE)]


def source_rows(incident: Incident, langs: dict[str, Lang]) -> dict:
    """Sources for the internal profile: typed text printed once, with bilingual headers.

    Names, contacts and notes are whatever the officer typed, often mixed Arabic and
    Latin; each sits in its own cell so its direction cannot disturb its neighbours.
    """
    def both(message: str) -> str:
        return formatting.BETWEEN_LANGUAGES.join(langs[code].t(message) for code in ("en", "ar"))

    header = [both(labels.SOURCE_TYPE), both(labels.SOURCE_DATE), both(labels.SOURCE_NAME),
              both(labels.SOURCE_CONTACT), both(labels.SOURCE_NOTE)]
    rows = []
    for source in incident.sources:
        kind = formatting.BETWEEN_LANGUAGES.join(langs[code].vocab(vocab.SOURCE_TYPES, source.type) for code in ("en", "ar"))
        note = "\n".join(part for part in (source.note, source.url) if part)
        rows.append([kind, source.date.isoformat() if source.date else "", source.name, source.contact, note])
    return {"title": both(labels.SOURCES), "header": header, "rows": rows}


def printed_photos(incident: Incident, options: Options) -> list[tuple]:
    """(attachment, photo bytes) for each stored photo this report may print.

    The incident has its profile applied already (a public one keeps only the photos
    marked publishable); a path that is not a stored photo (say, from a third party's
    file) is never read. The photos are unsealed in memory with the options' key.
    """
    chosen = []
    for attachment in incident.attachments:
        data = read_stored(options.photo_dir, attachment.path, options.photo_key)
        if data is not None:
            chosen.append((attachment, data))
    return chosen


def photos(incident: Incident, langs: dict[str, Lang], options: Options) -> list[dict]:
    # data: URLs: the renderer gets the photos from memory, with no plaintext file to read them from.
    return [{"url": data_url(attachment.path, data),
             "caption": {code: L.text(attachment.caption) for code, L in langs.items()}}
            for attachment, data in printed_photos(incident, options)]
