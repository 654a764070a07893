"""The flash update: one incident (or a small report file) -> a bilingual PDF.

    context         everything the template prints, translated and formatted
    layout          the HTML, its stylesheet and the PDF, through render.engine
    pdf             the export path of the CLI and the app; the app's typed request and answer
    render_process  the app's renderer in a child process (the preview and Export PDF)
"""
