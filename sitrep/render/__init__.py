"""HTML -> PDF for both reports, and what they share to get there.

    engine     the one WeasyPrint entry (Renderer.lay_out, its lock, fonts, the Jinja environment)
    fetcher    the only URL fetcher WeasyPrint may use: the project's files and data: URLs
    bilingual  the print options (Options) and Lang: one language's messages, numbers and dates
    labels     the wording both reports print (gettext msgids)
    logo       the organization's logo, cleaned, as a data: URL
    worker     the desktop app's one child-process worker (spawned, ended with the app)
    lifeline   child processes end when their parent does

Nothing here knows either report: flash_update/ and situation_report/ sit on top.
"""
