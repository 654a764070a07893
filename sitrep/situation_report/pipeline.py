"""Situation report: request -> incidents -> parts laid out in two processes -> one PDF.

Why this shape (measured, see docs/benchmarks.md): WeasyPrint lays out one document
at a time per process, and its cost grows with a document's size and with long
tables. So the report is cut into independent parts (cover, breakdowns, annex in
slices, detail sections in batches), laid out by a pool of two worker processes
(this machine has two cores), and joined with pypdf. Page numbers cannot come from
CSS counters across separate documents: once every part's page count is known, a
cheap "furniture" document (the running header once, and a one-line page per footer
"page X of Y" in both languages, numbers written out) is laid out in slices too and
stamped over the content pages. The contents page is laid out last, when every part's first page is
known; it is always one page, so it shifts nothing. Detail sections are cached per
incident (situation_report.cache): an unchanged incident is not laid out again.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import multiprocessing
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from sitrep.exchange.pdf_data import ATTACHMENT_NAME, embedded_json
from sitrep.contract.model import Incident, LongText, Organization, Period, Report, ReportTexts, Text
from sitrep.contract.problems import InputError, from_validation_error
from sitrep.contract.public_profile import for_profile
from sitrep.render.bilingual import Options, columns_for, document_lang, langs_for, per_lang
from sitrep.output import write_output
from sitrep.paths import default_cache_dir
from sitrep.render.lifeline import exit_with_parent
from sitrep.situation_report import figures, layout, parts, selection, texts
from sitrep.situation_report.cache import PartCache, key

WORKERS = 2
ANNEX_JOB_ROWS = 250      # rows per annex job (five 50-row tables)
DETAIL_JOB_SIZE = 25      # incidents laid out together in one detail job
FURNITURE_JOB_PAGES = 100
MM = 72 / 25.4            # PDF points per millimetre
FOOT_BOTTOM_MM = 7.5      # the footer strip's bottom above the page's (sitrep_furniture.css)
TOC_MIN_PAGES = 5         # "longer than a few pages": a contents page from 5 pages on


# The purpose under which the store keeps the cache's key (Store.file_key).
CACHE_KEY = "report-cache"


@dataclass
class ReportRequest:
    """What the user asks for; the CLI and the GUI fill it in."""

    start: dt.date
    end: dt.date
    area: str | None = None
    since: dt.date | None = None  # key figures also give the total since this day
    details: bool = False
    include_drafts: bool = False  # final incidents only, unless the user asks
    languages: str = "ar+en"
    digits: str = "latn"
    profile: str = "public"
    arabic_locale: str = Options.arabic_locale
    organization: Organization = field(default_factory=Organization)
    number: str = ""
    title: Text = field(default_factory=Text)
    highlights: LongText = field(default_factory=LongText)
    issued: dt.date = field(default_factory=dt.date.today)
    cache_dir: Path | None | bool = True  # True: the user's cache folder; None/False: no cache
    # The store's key for the cache's files (Store.file_key("report-cache")); without it the
    # cache lives in memory only, for one report, and nothing is written to disk.
    cache_key: bytes | None = None
    workers: int = WORKERS

    def options(self) -> Options:
        return Options(languages=self.languages, digits=self.digits, profile=self.profile,
                       arabic_locale=self.arabic_locale)


@dataclass
class Built:
    data: bytes
    pages: int
    report: Report
    figures: figures.KeyFigures
    sections: list  # [(title dict, first page)] as in the contents
    cache_hits: int = 0
    cache_misses: int = 0
    timings: dict = field(default_factory=dict)  # seconds per phase, for bench/report_bench.py


class Cancelled(Exception):
    pass


def report_texts(number: str, highlights_ar: str, highlights_en: str,
                 names: dict[str, str] | None = None) -> tuple[str, LongText]:
    """The report's number and highlights as the model takes them, checked before any work.

    Each field that fails is one Problem in the user's language, named by ``names``
    ({"number": "--number", "highlights.en": …}: the CLI's options, the dialog's labels)."""
    try:
        checked = ReportTexts.model_validate({"number": number, "highlights": {"ar": highlights_ar,
                                                                               "en": highlights_en}})
    except ValidationError as error:
        names = names or {}
        raise InputError([replace(problem, path=names.get(problem.path, problem.path))
                          for problem in from_validation_error(error)]) from None
    return checked.number, checked.highlights


def report_for(request: ReportRequest, incidents: list[Incident]) -> Report:
    """The Report model (kind sitrep) of the chosen incidents."""
    area = Text()
    if request.area:
        match = next((i.location.admin1 for i in incidents if selection.in_area(i, request.area)), None)
        area = match or Text(ar=request.area, en=request.area)
    try:
        return Report(kind="sitrep", number=request.number, title=request.title, issued=request.issued,
                      period=Period(start=request.start, end=request.end), area=area,
                      organization=request.organization, languages=request.languages, profile=request.profile,
                      digits=request.digits, highlights=request.highlights,
                      # The profile applies to the data itself, before any part prints it or the
                      # PDF embeds it (sitrep/contract/public_profile.py): no template can leak what is not there.
                      incidents=for_profile(incidents, request.profile))
    except ValidationError as error:  # a request not made by report_texts(): still a message, not a crash
        raise InputError(from_validation_error(error)) from None


# Work done in the worker processes. Each job gets only what it prints: the report's
# fields with the one incident the model needs, and its own slice of incidents.


def _meta(report: Report) -> Report:
    return report.model_copy(update={"incidents": report.incidents[:1]})


def job_cover(report, options, key_figures, history):
    return layout.pdf("sitrep_cover.html", parts.cover_context(report, options, key_figures, history))


def job_back(report, options, sources):
    return layout.pdf("sitrep_back.html", parts.back_context(report, options, sources))


def job_breakdowns(report, options, tables, people):
    return layout.pdf("sitrep_breakdowns.html", parts.breakdowns_context(report, options, tables, people))


def job_annex(report, options, incidents, first):
    rows = parts.annex_rows(report, options, incidents)
    return layout.pdf("sitrep_annex.html", parts.annex_context(report, options, rows, first))


def job_details(report, options, incidents):
    context = parts.details_context(report, options, incidents)
    return layout.sections_pdf("sitrep_detail.html", context, [f"d-{n}" for n in range(len(incidents))])


def job_contents(report, options, entries):
    return layout.pdf("sitrep_contents.html", parts.contents_context(report, options, entries))


def job_furniture(report, options, first_page, count, total, head=False):
    context = parts.furniture_context(report, options, first_page, count, total, head)
    return layout.pdf("sitrep_furniture.html", context, css="sitrep_furniture.css")


def _init_worker():
    # Workers must not take the parent's Ctrl+C: the parent stops them itself. A parent
    # that cannot stop them (killed) is watched instead: they end with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork is the fastest start on Linux and shares the modules already imported; a
    # process that runs Qt (the app) or any other platform starts workers by spawn.
    method = "fork" if sys.platform.startswith("linux") and "PySide6.QtCore" not in sys.modules else "spawn"
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=_init_worker)


class _Runner:
    """Runs jobs in the pool (or inline with workers=0), reports progress, honours cancel."""

    def __init__(self, workers: int, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None):
        self.pool = _pool(workers) if workers > 0 else None
        self.progress = progress or (lambda done, total: None)
        self.cancelled = cancelled or (lambda: False)
        self.done = 0
        self.total = 0

    def run(self, jobs: list[tuple]) -> list:
        """[(function, *args)] -> results in the same order."""
        return self.finish(self.start(jobs))

    def start(self, jobs: list[tuple]) -> list:
        """Hand the jobs to the pool; this process can work meanwhile. finish() collects them."""
        self.total += len(jobs)
        if self.pool is None:
            return jobs
        # Largest jobs were put first by the caller; the pool takes them in order.
        return [self.pool.submit(function, *args) for function, *args in jobs]

    def finish(self, futures: list) -> list:
        if self.pool is None:
            results = []
            for function, *args in futures:
                self._check()
                results.append(function(*args))
                self._tick()
            return results
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                future.result()  # raises the worker's error here
                self._tick()
            self._check()
        return [future.result() for future in futures]

    def _tick(self):
        self.done += 1
        self.progress(self.done, self.total)

    def _check(self):
        if self.cancelled():
            raise Cancelled()

    def close(self, now: bool = False):
        if self.pool is None:
            return
        if now:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()  # a cancelled report stops at once, mid-layout
        self.pool.shutdown(wait=not now, cancel_futures=True)


def _slices(items: list, per_job: int) -> list[list]:
    """Cut into an even number of similar slices, so that two workers finish together."""
    if not items:
        return []
    count = math.ceil(len(items) / per_job)
    if count > 1 and count % 2:
        count += 1
    size = math.ceil(len(items) / count)
    return [items[at:at + size] for at in range(0, len(items), size)]


def history_of(request: ReportRequest, incidents: list[Incident]) -> figures.History:
    """The previous period's figures, the totals since the chosen day, and the
    facilities hit again, from all stored incidents of the area."""
    before = figures.previous_period(request.start, request.end)
    since = request.since
    # Compared like with like: drafts count in the history only when they count in the period.
    incidents = [incident for incident in incidents if request.include_drafts or incident.status != "draft"]
    return figures.History(
        *before, figures.key_figures(selection.window(incidents, *before, request.area)),
        since, figures.key_figures(selection.window(incidents, since, request.end, request.area)) if since else None,
        tuple(figures.repeat_hits(selection.window(incidents, since or request.start, request.end, request.area),
                                  request.start)))


def build_report(request: ReportRequest, incidents: list[Incident],
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Built:
    """Lay the report out and join it; ``incidents`` are all stored ones (selection happens here)."""
    clock = [time.perf_counter()]
    timings = {}

    def mark(name):
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 3)
        clock[0] = now

    selection.check_since(request.since, request.start)
    chosen = selection.select(incidents, request.start, request.end, request.area, request.include_drafts)
    report = report_for(request, chosen)
    options = request.options()
    meta = _meta(report)
    key_figures = figures.key_figures(chosen)
    history = history_of(request, incidents)
    # Counted before the profile strips the sources: the back matter prints how many of
    # each type, never who (report.incidents of a public report have none left).
    sources = dict(Counter(source.type for incident in chosen for source in incident.sources))
    tables = figures.breakdowns(chosen, request.start, request.end)
    people = figures.people_by_group(chosen)
    folder = default_cache_dir() if request.cache_dir is True else (request.cache_dir or None)
    cache = PartCache(Path(folder) if folder else None, request.cache_key)

    # Detail sections: from the cache, or laid out in batches by the workers.
    names, found = [], []
    if request.details:
        version = parts.template_version()
        names = [key(incident, options, version) for incident in chosen]
        found = [cache.lookup(name) for name in names]
    missing = [n for n, ref in enumerate(found) if ref is None or cache.batch(ref[0]) is None]
    batches = _slices(missing, DETAIL_JOB_SIZE)

    runner = _Runner(request.workers, progress, cancelled)
    try:
        # Biggest jobs first: the pool hands them out in this order.
        jobs = [(job_details, meta, options, [chosen[n] for n in batch]) for batch in batches]
        annex = _slices(chosen, ANNEX_JOB_ROWS)
        jobs += [(job_annex, meta, options, rows, index == 0) for index, rows in enumerate(annex)]
        jobs.append((job_breakdowns, meta, options, tables, people))
        jobs.append((job_cover, meta, options, key_figures, history))
        jobs.append((job_back, meta, options, sources))
        results = runner.run(jobs)
        mark("content parts (2 processes)")

        laid_out = results[:len(batches)]
        rest = results[len(batches):]
        annex_parts = rest[:len(annex)]
        breakdowns_part, cover_part, back_part = rest[len(annex):]

        # Page counts are known now, so the furniture and the contents are laid out while
        # this process stores the new detail sections and reads the parts.
        fresh = {n: count for batch, (_, ranges) in zip(batches, laid_out) for n, (_, count) in zip(batch, ranges)}
        counts = [("cover", cover_part[1]), ("breakdowns", breakdowns_part[1])]
        counts += [("annex", part[1]) for part in annex_parts]
        counts += [("detail", fresh[n] if n in fresh else found[n][2]) for n in range(len(found))]
        counts.append(("back", back_part[1]))

        def furniture_jobs(counts):
            content_pages = sum(count for _, count in counts)
            with_toc = content_pages + 1 >= TOC_MIN_PAGES
            total = content_pages + (1 if with_toc else 0)
            sections = _sections(report, options, counts, breakdowns_part[2], tables, with_toc)
            # Footers in an even number of similar slices (the two workers finish
            # together), then the running header, laid out once.
            feet = _slices(list(range(1, total + 1)), FURNITURE_JOB_PAGES)
            jobs = [(job_furniture, meta, options, pages[0], len(pages), total) for pages in feet]
            jobs.append((job_furniture, meta, options, 1, 0, total, True))
            if with_toc:
                jobs.append((job_contents, meta, options, [parts.Entry(title, page) for title, page, _ in sections]))
            return jobs, feet, with_toc, total, sections

        jobs, feet, with_toc, total, sections = furniture_jobs(counts)
        pending = runner.start(jobs)

        for batch, (data, ranges) in zip(batches, laid_out):
            name = cache.store(data, [(names[n], first, count) for n, (first, count) in zip(batch, ranges)])
            for n, (first, count) in zip(batch, ranges):
                found[n] = (name, first, count)
        # The parts in order, as page lists.
        segments = [("cover", _pages(cover_part[0])), ("breakdowns", _pages(breakdowns_part[0]))]
        segments += [("annex", _pages(part[0])) for part in annex_parts]
        readers: dict[str, object] = {}
        for batch, first, count in found:
            if batch not in readers:
                readers[batch] = _reader(cache.batch(batch))
            segments.append(("detail", readers[batch].pages[first:first + count]))
        segments.append(("back", _pages(back_part[0])))
        mark("cache write, read parts")
        results = runner.finish(pending)
        if [len(pages) for _, pages in segments] != [count for _, count in counts]:
            # A damaged cache entry promised other page counts: number the pages found.
            counts = [(kind, len(pages)) for kind, pages in segments]
            jobs, feet, with_toc, total, sections = furniture_jobs(counts)
            results = runner.run(jobs)
        mark("furniture and contents")
    except BaseException:
        runner.close(now=True)
        raise
    runner.close()
    cache.prune()

    furniture = [page for data, _, _ in results[:len(feet)] for page in _pages(data)]
    furniture.insert(0, _pages(results[len(feet)][0])[0])  # the running header
    if with_toc:
        segments.insert(1, ("contents", _pages(results[-1][0])))
    data = _join(report, options, segments, furniture, sections)
    mark("join, stamp, write")
    return Built(data, total, report, key_figures, sections, cache.hits, cache.misses, timings)


def _pages(data: bytes) -> list:
    return list(_reader(data).pages)


def _reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def _sections(report, options, counts, breakdown_anchors, tables, with_toc) -> list:
    """[(bilingual title, first page, level)] of the report, for the contents and the bookmarks."""

    langs = langs_for(options)

    def both(message):
        return per_lang(langs, lambda L: L.t(message))

    shift = 1 if with_toc else 0
    sections, page = [], 1
    seen = set()
    for kind, count in counts:
        if kind not in seen:
            first = page + (shift if kind != "cover" else 0)
            if kind == "cover":
                sections.append((both(texts.KEY_FIGURES), 1, 0))
            elif kind == "breakdowns":
                sections.append((both(texts.BREAKDOWNS), first, 0))
                for n, table in enumerate(tables):
                    at = breakdown_anchors.get(f"b-{n}", 0)
                    sections.append((both(parts.BREAKDOWN_TITLES[table.name]), first + at, 1))
                if "b-people" in breakdown_anchors:
                    sections.append((both(texts.BY_GROUP), first + breakdown_anchors["b-people"], 1))
            elif kind == "annex":
                sections.append((both(texts.ANNEX), first, 0))
            elif kind == "detail":
                sections.append((both(texts.DETAILS), first, 0))
            elif kind == "back":
                sections.append((both(texts.ABOUT), first, 0))
            seen.add(kind)
        page += count
    return sections


def _join(report: Report, options: Options, segments, furniture, sections) -> bytes:
    """One PDF: every part's pages in order, the furniture stamped over each, bookmarks, metadata.

    ``furniture`` is the running header's sheet, then one footer sheet per page.
    """
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    for _, pages in segments:
        for page in pages:
            writer.add_page(page)
    head = None
    for number, (page, foot) in enumerate(zip(writer.pages, furniture[1:])):
        height = float(page.mediabox.top)
        forms = [_form(writer, foot, FOOT_BOTTOM_MM * MM)]
        if number:  # the cover has no running header
            if head is None:  # one object, drawn on every page
                head = _form(writer, furniture[0], height - float(furniture[0].mediabox.top))
            forms.append(head)
        _stamp(writer, page, forms)
    parents = []
    for title, page, level in sections:
        label = " / ".join(filter(None, (title.get("en") if "en" in columns_for(options.languages) else "",
                                         title.get("ar") if "ar" in columns_for(options.languages) else "")))
        parent = parents[-1] if level and parents else None
        item = writer.add_outline_item(title=label, page_number=page - 1, parent=parent)
        if not level:
            parents.append(item)
    langs = langs_for(options)
    columns = columns_for(options.languages)
    title = " / ".join(langs[code].t(texts.SITREP) + (f" {report.number}" if report.number else "")
                       for code in columns)
    writer.add_metadata({"/Title": title, "/Author": report.organization.name.en or report.organization.name.ar,
                         "/Creator": "sitrep", "/Producer": "sitrep (WeasyPrint, pypdf)"})
    writer._root_object[NameObject("/Lang")] = TextStringObject(document_lang(columns))
    _attach_incidents(writer, report)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _attach_incidents(writer, report: Report) -> None:
    """The incidents travel with the report, as in the flash update: `sitrep import` reads
    them back. pypdf stores an attachment uncompressed (2.5 MB of JSON for 1,000
    incidents), so its stream is replaced by a Flate-compressed one (about 8× smaller)."""
    from pypdf.generic import NameObject

    # The profile is applied already, once, in report_for.
    embedded = writer.add_attachment(ATTACHMENT_NAME, embedded_json(report.incidents))
    reference = embedded.pdf_object["/EF"].raw_get("/F")
    stream = reference.get_object().flate_encode()
    stream[NameObject("/Subtype")] = NameObject("/application/json")  # written as /application#2Fjson
    writer._replace_object(reference, stream)


def _form(writer, sheet, rise: float):
    """A furniture strip as a form XObject, moved ``rise`` points up from the page's bottom.

    The strip's own bytes are reused as they are (with their /Filter); the form's /BBox
    is the strip's page, so nothing drawn outside it can show.
    """
    from pypdf.generic import (ArrayObject, DecodedStreamObject, FloatObject, NameObject, NumberObject,
                               StreamObject)

    source = sheet["/Contents"].get_object()
    if isinstance(source, ArrayObject):  # several streams: joined, decoded
        form = DecodedStreamObject()
        form.set_data(b"\n".join(part.get_object().get_data() for part in source))
    else:
        form = StreamObject()
        form._data = source._data  # the encoded bytes, with their own /Filter
        for name in ("/Filter", "/DecodeParms"):
            if name in source:
                form[NameObject(name)] = source[name]
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(sheet.mediabox)
    form[NameObject("/Matrix")] = ArrayObject([NumberObject(1), NumberObject(0), NumberObject(0), NumberObject(1),
                                               NumberObject(0), FloatObject(round(rise, 4))])
    form[NameObject("/Resources")] = sheet["/Resources"]
    return writer._add_object(form.clone(writer))


def _stamp(writer, page, forms) -> None:
    """Draw the furniture ``forms`` (form XObject references) over ``page``.

    pypdf's merge_page parses and rewrites both content streams (~8 ms a page); a form
    XObject only adds a reference and two tiny streams to the page, whose own content is
    left untouched, wrapped in q/Q so that its graphics state cannot leak onto the strips.
    """
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    # WeasyPrint shares one resource dictionary between the pages of a document: each
    # page gets its own shallow copy, else every page would show the last page's footer.
    resources = DictionaryObject(page["/Resources"].get_object())
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
    draw = b""
    for n, form in enumerate(forms):
        xobjects[NameObject(f"/SitrepSheet{n}")] = form
        draw += f" q /SitrepSheet{n} Do Q".encode("ascii")
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources

    def stream(data: bytes):
        item = DecodedStreamObject()
        item.set_data(data)
        return writer._add_object(item)

    contents = page["/Contents"].get_object()
    old = list(contents) if isinstance(contents, ArrayObject) else [page.raw_get("/Contents")]
    page[NameObject("/Contents")] = ArrayObject([stream(b"q\n"), *old, stream(b"\nQ" + draw + b"\n")])


# The one path shared by the CLI and the GUI.


def export_report(request: ReportRequest, incidents: list[Incident], output: str | Path,
                  progress=None, cancelled=None) -> tuple[Path, Built]:

    built = build_report(request, incidents, progress, cancelled)
    return write_output(output, built.data, request.profile), built


__all__ = ["ReportRequest", "Built", "Cancelled", "build_report", "export_report", "report_texts"]
