"""The parts of a situation report as HTML: each part is laid out as a document of its own.

Parts: the cover (cover block, highlights, key-figure boxes), the table of contents,
the breakdowns (tables with SVG bars), the annex (every incident, one row each, in
tables of ANNEX_CHUNK rows) and one detail section per incident. A part never
depends on another's page numbers, except the contents, which is laid out last.
Everything printed arrives here translated and formatted; the templates only place it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date

from sitrep import formatting

from sitrep.render import labels

from sitrep.contract import vocab
from sitrep.flash_update.context import flash_update_context
from sitrep.contract.model import Report, Tally
from sitrep.paths import TEMPLATES_DIR
from sitrep.render.bilingual import (Lang, Options, columns_for, document_lang, langs_for, number_text, paragraphs,
                                     per_lang)
from sitrep.situation_report import charts, figures, sentences, texts

# A long table is laid out much faster as several short ones (WeasyPrint's table
# layout grows worse than linearly with rows): the annex is cut every ANNEX_CHUNK rows.
ANNEX_CHUNK = 50
# Part templates and styles; their text goes into every cache key (see template_version()).
TEMPLATE_FILES = ("sitrep_cover.html", "sitrep_breakdowns.html", "sitrep_annex.html", "sitrep_detail.html",
                  "sitrep_back.html", "sitrep_contents.html", "sitrep_furniture.html", "sitrep_base.html",
                  "blocks.html", "sitrep.css", "sitrep_furniture.css", "report.css")


@lru_cache(maxsize=1)
def template_version() -> str:
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        digest.update((TEMPLATES_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def common(report: Report, options: Options) -> dict:
    """What every part's template needs: the column order and the document's language."""
    columns = columns_for(options.languages)
    return {"columns": columns, "two": len(columns) == 2, "profile": options.profile,
            "lang": document_lang(columns),
            "dir": "rtl" if columns == ["ar"] else "ltr"}


def period_text(report: Report, L: Lang) -> str:
    period = report.period
    return L.t(texts.PERIOD, start=L.date(period.start), end=L.date(period.end))


def area_text(report: Report, L: Lang) -> str:
    return L.t(texts.AREA, area=L.text(report.area) or L.t(texts.ALL_AREAS))


def title_text(report: Report, L: Lang) -> str:
    """The cover's title: the user's, else what the report is about (the kind is printed above it)."""
    return L.text(report.title) or L.t(texts.DEFAULT_TITLE)


# Counts that may be unknown


def tally_text(value: Tally | int, L: Lang) -> str:
    """A count in a table cell or a small line: "3", "≥3" (at least) or "?" (not known), as
    the command-line list writes them (sitrep/listing.py)."""
    value = value if isinstance(value, Tally) else Tally(value)
    if value.state == "unknown":
        return "؟" if L.lang == "ar" else "?"
    if value.state == "at_least":
        return formatting.isolate("≥" + L.num(value.known), L.lang) if L.lang == "ar" else "≥" + L.num(value.known)
    return L.num(value.known)


def unknown_legend(L: Lang, cells: Lang) -> str:
    """What "≥3" and "?" mean, the symbols written as the cells write them (``cells``)."""
    return L.t(texts.UNKNOWN_LEGEND, at_least=tally_text(Tally(3, True), cells), count=L.num(3),
               unknown=tally_text(Tally(0, True), cells))


def change_text(now: Tally | int, before: Tally | int, L: Lang) -> str:
    """"↑ +2" against the previous period; the arrow leads in reading order, so in Arabic
    it stands on the right of the number. When either count is not wholly known, the
    difference would be a guess: the previous count is printed instead."""
    now, before = (v if isinstance(v, Tally) else Tally(v) for v in (now, before))
    if now.partial or before.partial:
        return L.t(texts.PREVIOUS_BOX, value=tally_text(before, L))
    delta = now.known - before.known
    if not delta:
        return L.t(texts.NO_CHANGE)
    signed = ("+" if delta > 0 else "\u2212") + L.num(abs(delta))
    return ("↑ " if delta > 0 else "↓ ") + (formatting.isolate(signed, L.lang) if L.lang == "ar" else signed)


# The cover


BOXES = (  # (KeyFigures field, label), four to a row
    ("incidents", texts.BOX_INCIDENTS), ("facilities", texts.BOX_FACILITIES),
    ("out_of_service", labels.OUT_OF_SERVICE_N), ("vehicles", texts.BOX_VEHICLES),
    ("killed", labels.KILLED_N), ("injured", labels.INJURED_N),
    ("health_workers_killed", texts.BOX_HEALTH_WORKERS_KILLED),
    ("health_workers_injured", texts.BOX_HEALTH_WORKERS_INJURED),
    ("health_workers_kidnapped", texts.BOX_HEALTH_WORKERS_KIDNAPPED),
    ("health_workers_arrested", texts.BOX_HEALTH_WORKERS_ARRESTED),
    ("civil_defence_killed", texts.BOX_CIVIL_DEFENCE_KILLED),
)


def key_figure_boxes(figures_: figures.KeyFigures, L: Lang, history: figures.History | None = None) -> list[dict]:
    """Each box: the number ("at least 3" / «٣ على الأقل», or "not known" instead of it),
    its label, and lines with the change against the previous period and the total since
    the chosen date."""
    boxes = []
    for name, forms in BOXES:
        value = getattr(figures_, name)
        value = value if isinstance(value, Tally) else Tally(value)
        box = {"number": L.num(value.known), "label": L.n(forms, value.known), "before": "", "after": "",
               "context": [], "words": value.state == "unknown"}
        if value.state == "at_least":  # English puts "at least" before the number, Arabic after it
            box["before" if L.lang == "en" else "after"] = L.t(texts.AT_LEAST)
        elif value.state == "unknown":
            box["number"], box["label"] = L.t(texts.NOT_KNOWN), L.n(forms, 3)  # the plural, as in a heading
        if history is not None:
            lines = [change_text(value, getattr(history.previous, name), L)]
            if history.since_figures is not None:
                lines.append(L.t(texts.TOTAL_BOX, value=tally_text(getattr(history.since_figures, name), L)))
            box["context"] = lines  # one line each: a narrow box breaks between them, not inside one
        boxes.append(box)
    return boxes


def facility_name(incident, target, L: Lang) -> str:
    """"Kafr Naha field hospital", or "Al-Amal hospital, Kafr Naha" when the name does not say where."""
    name = L.text(target.name) or L.vocab(vocab.TARGET_KINDS, target.kind)
    town = L.text(incident.location.place)
    return name if not town or town in name else L.join([name, town])


def history_lines(history: figures.History | None, start, L: Lang) -> list[str]:
    """The legend under the boxes."""
    if history is None:
        return []
    lines = [L.t(texts.CHANGE_LEGEND, start=L.date(history.previous_start), end=L.date(history.previous_end))]
    if history.since is not None:
        lines.append(L.t(texts.SINCE_LEGEND, date=L.date(history.since)))
    return lines


REPEATS_NAMED = 5  # a month of a busy front line can hit dozens again: the cover names the worst


def repeat_lines(history: figures.History | None, start, L: Lang) -> list[str]:
    """One sentence per facility hit again, most hits first, then how many more there were."""
    if history is None:
        return []
    since = L.date(history.since or start)
    lines = [sentences.repeat_sentence(facility_name(*hit.named(L.lang), L), hit.hits, since, L.lang,
                                       L.options.digits) for hit in history.repeats[:REPEATS_NAMED]]
    others = len(history.repeats) - REPEATS_NAMED
    if others > 0:
        lines.append(L.n(texts.S_HIT_AGAIN_OTHERS, others).format(count=L.num(others), date=since))
    return lines


def cover_context(report: Report, options: Options, figures_: figures.KeyFigures,
                  history: figures.History | None = None) -> dict:
    langs = langs_for(options)
    start = report.period.start
    return {
        **common(report, options),
        "org": per_lang(langs, lambda L: L.text(report.organization.name)),
        "logo": report.organization.logo,
        "kind": per_lang(langs, lambda L: L.t(texts.SITREP)),
        "number": per_lang(langs, lambda L: number_text(report.number, L)),
        "title": per_lang(langs, lambda L: title_text(report, L)),
        "period": per_lang(langs, lambda L: period_text(report, L)),
        "area": per_lang(langs, lambda L: area_text(report, L)),
        "issued": per_lang(langs, lambda L: L.t(labels.ISSUED, date=L.date(report.issued))),
        "profile_line": per_lang(langs, lambda L: L.t(texts.PROFILE, profile=L.vocab(vocab.PROFILES,
                                                                                     options.profile))),
        "drafts": per_lang(langs, lambda L: sentences.counted(texts.DRAFTS_INCLUDED, figures_.drafts, L.lang,
                                                              options.digits) if figures_.drafts else ""),
        "caveat": per_lang(langs, lambda L: L.t(labels.CAVEAT)),
        "highlights_title": per_lang(langs, lambda L: L.t(labels.HIGHLIGHTS)),
        "highlights": per_lang(langs, lambda L: paragraphs(L.text(report.highlights, fallback=False))),
        "generated_note": per_lang(langs, lambda L: L.t(texts.GENERATED_NOTE)),
        "sentences": per_lang(langs, lambda L: sentences.key_figure_sentences(figures_, L.lang, options.digits)
                              + repeat_lines(history, start, L)),
        "figures_title": per_lang(langs, lambda L: L.t(texts.KEY_FIGURES)),
        "boxes": per_lang(langs, lambda L: key_figure_boxes(figures_, L, history)),
        "legend": per_lang(langs, lambda L: history_lines(history, start, L)),
    }


# Breakdowns


BREAKDOWN_TITLES = {
    "governorate": texts.BY_GOVERNORATE, "attack_type": texts.BY_ATTACK_TYPE,
    "facility_kind": texts.BY_FACILITY_KIND, "certainty": texts.BY_CERTAINTY,
    "perpetrator": texts.BY_PERPETRATOR,
    "time_day": texts.BY_DAY, "time_week": texts.BY_WEEK, "time_month": texts.BY_MONTH,
    "time_year": texts.BY_YEAR, "time_year_with_data": texts.BY_YEAR_WITH_DATA,
}
VOCABULARIES = {"attack_type": vocab.ATTACK_TYPES, "facility_kind": vocab.TARGET_KINDS,
                "certainty": vocab.CERTAINTY}


def row_label(breakdown: figures.Breakdown, row: figures.Row, L: Lang) -> str:
    if breakdown.name in VOCABULARIES:
        return L.vocab(VOCABULARIES[breakdown.name], row.key)
    if breakdown.name == "perpetrator":
        if not row.key:
            return L.t(texts.PERPETRATOR_NOT_RECORDED)
        return L.either([L.vocab(vocab.PERPETRATOR_GROUPS, group) for group in row.key])
    if breakdown.name == "governorate":
        if row.label is None:
            return L.t(texts.UNKNOWN_GOVERNORATE)
        own = row.label[L.lang]
        other = row.label["en" if L.lang == "ar" else "ar"]
        return own or formatting.isolate(other, L.lang)
    step = breakdown.name.removeprefix("time_")
    if step == "day":
        return L.date(row.key)
    if step == "week":
        return L.t(texts.WEEK_OF, date=L.date(row.key))
    if step in ("year", "year_with_data"):
        return formatting.digits(str(row.key.year), L.lang, L.options.digits)
    locale = L.options.arabic_locale if L.lang == "ar" else formatting.ENGLISH_LOCALE
    return formatting.digits(format_date(row.key, "MMMM y", locale=locale), L.lang, L.options.digits)


OUTCOME_LABELS = {"killed": labels.KILLED, "injured": labels.INJURED, "kidnapped": labels.KIDNAPPED,
                  "arrested": labels.ARRESTED, "detained": labels.DETAINED, "missing": labels.MISSING}


def people_context(people: figures.People | None, langs: dict, shared: Lang) -> dict | None:
    """The table of people by group and outcome; unknown is "?", a floor "≥3", never 0."""
    if people is None or not people.rows:
        return None

    def cells(counts: dict) -> list[str]:
        return [tally_text(counts[outcome], shared) for outcome in OUTCOME_LABELS]

    return {
        "title": per_lang(langs, lambda L: L.t(texts.BY_GROUP)),
        "header": per_lang(langs, lambda L: [L.t(label) for label in OUTCOME_LABELS.values()]),
        "rows": [{"label": per_lang(langs, lambda L, g=group: L.vocab(vocab.CASUALTY_GROUPS, g)),
                  "counts": cells(counts)} for group, counts in people.rows],
        "total": {"label": per_lang(langs, lambda L: L.t(labels.TOTAL)), "counts": cells(people.total)},
    }


def breakdowns_context(report: Report, options: Options, tables: list[figures.Breakdown],
                       people: figures.People | None = None) -> dict:
    langs = langs_for(options)
    base = common(report, options)
    # Numbers printed once for both languages use Latin digits, like the IDs of the
    # flash update; an Arabic-only report uses the chosen digits.
    shared = langs["en"] if base["two"] else langs[base["columns"][0]]
    rtl_bars = base["columns"] == ["ar"]
    header = per_lang(langs, lambda L: [L.t(texts.INCIDENTS), L.t(texts.FACILITIES), L.t(labels.KILLED),
                                        L.t(labels.INJURED)])
    out = []
    for table in tables:
        rows = [{
            "label": per_lang(langs, lambda L, t=table, r=row: row_label(t, r, L)),
            "counts": [shared.num(row.incidents), shared.num(row.facilities), tally_text(row.killed, shared),
                       tally_text(row.injured, shared)],
            "bar": charts.bar(getattr(row, table.unit), table.largest, rtl=rtl_bars),
        } for row in table.rows]
        out.append({"title": per_lang(langs, lambda L, t=table: L.t(BREAKDOWN_TITLES[t.name])),
                    "rows": rows, "unit": ["incidents", "facilities"].index(table.unit),
                    "empty": per_lang(langs, lambda L: L.t(texts.NO_INCIDENTS_IN_BREAKDOWN))})
    return {**base, "title": per_lang(langs, lambda L: L.t(texts.BREAKDOWNS)), "header": header,
            "tables": out, "people": people_context(people, langs, shared),
            "legend": per_lang(langs, lambda L: unknown_legend(L, shared))}


# The annex




def annex_rows(report: Report, options: Options, incidents: list) -> list[dict]:
    langs = langs_for(options)
    shared = langs["en"] if len(columns_for(options.languages)) == 2 else langs[columns_for(options.languages)[0]]

    def summary(incident, L: Lang) -> dict:
        loc = incident.location
        town = L.text(loc.place)
        names = [L.text(t.name) or L.vocab(vocab.TARGET_KINDS, t.kind) for t in incident.targets]
        facility = L.join(names)
        # "Kafr Naha field hospital" already says where: the town is not repeated (shorter
        # rows, fewer lines to lay out in a 1,000-row annex).
        place = L.join([town if not town or not all(town in name for name in names) else "", L.text(loc.admin1)])
        attack = L.join([L.vocab(vocab.ATTACK_TYPES, kind) for kind in incident.attack_types])
        status = L.vocab(texts.ANNEX_CERTAINTY, incident.certainty)
        if incident.status == "draft":
            status = L.join([status, L.vocab(vocab.STATUS, "draft")])
        # One line "place · facility", one "attack · certainty"; Arabic separates with "، ".
        return {"line": formatting.SEPARATOR[L.lang].join(filter(None, (place, facility))),
                "sub": formatting.SEPARATOR[L.lang].join(filter(None, (attack, status)))}

    return [{
        "date": per_lang(langs, lambda L, i=incident: L.date(i.date)),  # both: a reader of either finds it
        "id": incident.id,
        "killed": tally_text(incident.tally("killed"), shared),
        "injured": tally_text(incident.tally("injured"), shared),
        "text": per_lang(langs, lambda L, i=incident: summary(i, L)),
    } for incident in incidents]


def annex_context(report: Report, options: Options, rows: list[dict], first: bool) -> dict:
    langs = langs_for(options)
    chunks = [rows[at:at + ANNEX_CHUNK] for at in range(0, len(rows), ANNEX_CHUNK)]
    return {**common(report, options), "first": first, "chunks": chunks,
            "title": per_lang(langs, lambda L: L.t(texts.ANNEX)),
            "head": per_lang(langs, lambda L: {
                "date": L.t(texts.DATE), "id": L.t(texts.INCIDENT_ID), "what": L.join(
                    [L.t(texts.PLACE), L.t(texts.FACILITY), L.t(texts.ATTACK), L.t(texts.CERTAINTY)]),
                "killed": L.t(labels.KILLED), "injured": L.t(labels.INJURED)})}


# Back matter: the last page of every report


def contact_text(contact, L: Lang) -> str:
    """An address or phone number typed in Latin letters stays in one left-to-right piece
    inside Arabic ("+963 …" would otherwise lose its plus sign to the right)."""
    text = L.text(contact)
    if L.lang == "ar" and not any("\u0600" <= ch <= "\u06ff" for ch in text):
        return formatting.isolate(text, "ar")
    return text


def back_context(report: Report, options: Options, sources: dict[str, int]) -> dict:
    """Method, certainty, sources counted by type (``sources``: type -> count; never a
    name, even in an internal report), contact, data link and the boundaries disclaimer."""
    langs = langs_for(options)
    organization = report.organization

    def source_lines(L: Lang) -> list[dict]:
        return [{"what": L.vocab(vocab.SOURCE_TYPES, kind), "count": L.num(sources[kind])}
                for kind in vocab.SOURCE_TYPES if sources.get(kind)]

    return {
        **common(report, options),
        "title": per_lang(langs, lambda L: L.t(texts.ABOUT)),
        "method_title": per_lang(langs, lambda L: L.t(texts.METHOD_TITLE)),
        "method": per_lang(langs, lambda L: L.t(texts.METHOD)),
        "certainty_title": per_lang(langs, lambda L: L.t(texts.CERTAINTY_TITLE)),
        "certainty": per_lang(langs, lambda L: [{"what": L.vocab(vocab.CERTAINTY, key), "means": L.t(meaning)}
                                                for key, meaning in texts.CERTAINTY_MEANING.items()]),
        "sources_title": per_lang(langs, lambda L: L.t(texts.SOURCES_TITLE)),
        "sources_note": per_lang(langs, lambda L: L.t(texts.SOURCES_NOTE)),
        "sources": per_lang(langs, source_lines),
        "sources_total": per_lang(langs, lambda L: sentences.counted(texts.N_SOURCES, sum(sources.values()),
                                                                       L.lang, options.digits)),
        "contact": per_lang(langs, lambda L: L.t(texts.CONTACT, contact=contact_text(organization.contact, L))
                            if not organization.contact.is_empty() else ""),
        "data_url": organization.data_url,
        "data_line": per_lang(langs, lambda L: L.t(texts.DATA_LINK, url=formatting.isolate(
            organization.data_url, "ar") if L.lang == "ar" else organization.data_url)
            if organization.data_url else ""),
        "disclaimer": per_lang(langs, lambda L: L.t(texts.DISCLAIMER)),
    }


# Incident details


def details_context(report: Report, options: Options, incidents: list) -> dict:
    return {**common(report, options), "details": [detail_context(report, options, i) for i in incidents]}


def detail_context(report: Report, options: Options, incident) -> dict:
    """The flash update's own blocks (facts grid, casualties, narrative, sources) for one
    incident, from the flash update's context function: one wording for both reports."""
    # model_copy does not validate: the copy is a flash update of one incident, with no
    # title of its own so that each section gets the incident's default title.
    one = report.model_copy(update={"kind": "flash_update", "incidents": [incident],
                                    "title": type(report.title)()})
    context = flash_update_context(one, options)
    langs = langs_for(options)
    context.update({
        "incident_id": incident.id,
        "heading": per_lang(langs, lambda L: L.t(texts.DETAILS) + formatting.SEPARATOR[L.lang] + L.date(incident.date)),
    })
    return context


# Contents and page furniture


@dataclass
class Entry:
    title: dict
    page: int


def contents_context(report: Report, options: Options, entries: list[Entry]) -> dict:
    langs = langs_for(options)
    return {**common(report, options), "title": per_lang(langs, lambda L: L.t(texts.CONTENTS)),
            "hint": per_lang(langs, lambda L: L.t(texts.TOC_HINT)),
            "entries": [{"title": entry.title, "page": per_lang(langs, lambda L, e=entry: L.num(e.page))}
                        for entry in entries]}


def furniture_context(report: Report, options: Options, first_page: int, count: int, total: int,
                      head: bool = False) -> dict:
    """The running header (``head``: the same on every page but the first) or the footers
    of pages first_page..first_page+count-1 of total.

    The page numbers are written out here, not left to CSS counters, so any stretch of
    pages can be laid out on its own (in parallel), with Arabic-Indic digits when asked.
    """
    langs = langs_for(options)
    running = per_lang(langs, lambda L: L.join([L.text(report.organization.name), L.t(texts.SITREP),
                                                number_text(report.number, L)]))
    profile = per_lang(langs, lambda L: L.vocab(vocab.PROFILES, options.profile))
    feet = [per_lang(langs, lambda L, p=page: profile[L.lang] + formatting.SEPARATOR[L.lang] + L.t(
        labels.PAGE_OF, page=L.num(p), pages=L.num(total))) for page in range(first_page, first_page + count)]
    return {**common(report, options), "head": running if head else None, "feet": feet}

