"""The command line, ``sitrep``: main (parsing, shared options, the incident commands) and one module
per command group."""
