"""The flash update: one incident (or a small report file) -> a bilingual PDF."""
