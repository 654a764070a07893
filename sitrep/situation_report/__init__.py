"""The periodic situation report (issue 4): incidents of a period -> one bilingual PDF.

One module per job:
    texts      the report's wording (gettext msgids) and its problems
    selection  which stored incidents a report covers (period, area) and the input checks
    figures    counting: key figures and breakdowns
    sentences  the generated key-figure sentences, in both languages
    charts     SVG bars for the breakdown tables
    parts      the report's independent parts as template contexts
    layout     one part laid out by WeasyPrint, in a worker process
    cache      detail sections kept by a hash of incident, options, templates and catalogs
    pipeline   the parts in two processes, page numbers, contents, joining: build_report()
    service    the same in a child process, with progress and cancel, for the app

See docs/reports.md.
"""
