"""The data contract: the incident and report models, their vocabularies, validation problems and
notices, reading contract files, and the public profile."""
