"""A folder of articles and its index: scan, refresh, records, queries,
taxonomy counts and full-text search, behind the :class:`~reader.core.library.facade.facade.Library`
facade.  Builds on ``article`` and ``edit``.

No Qt here."""
