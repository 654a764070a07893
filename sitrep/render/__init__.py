"""Report -> PDF: the print options and bilingual helpers both reports format with, the WeasyPrint
engine, the only URL fetcher it may use, the child-process worker the desktop app renders in, and the
organization's logo as a data: URL."""
