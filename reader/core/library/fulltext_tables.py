"""Where the full-text index lives: one FTS5 table, or several.  No Qt here.

The index database holds the full-text table ``fts``.  A large first index
is written faster by several processes at once, each into a table of its own
in a file of its own (a *shard*, see :mod:`reader.core.library.shards`): SQLite
lets one process at a time write a database file.  Those files are attached to
every connection under the schema names listed here, and a search asks each
table and puts the answers together (the tables side by side, each on a
connection of its own: :meth:`IndexDB.each_fulltext_table`).  Full-text
row ids are unique across all of them (the index hands them out), so an
article's ``fts_rowid`` names one row wherever it is.

:class:`FulltextTables` builds that SQL; it knows nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAIN_FULLTEXT", "FulltextTables"]


@dataclass(frozen=True, slots=True)
class FulltextTables:
    """The schemas whose table ``fts`` together form the full-text index."""

    schemas: tuple[str, ...] = ("main",)

    def matching_rowids(self) -> str:
        """A ``SELECT`` of the row ids matching an FTS5 expression, taking one
        ``?`` per table: pass :meth:`params` of the expression."""
        return " UNION ALL ".join(
            f"SELECT rowid FROM {schema}.fts WHERE fts MATCH ?" for schema in self.schemas
        )

    def scored(self, weights: str) -> str:
        """A ``SELECT rowid, score`` (bm25 with ``weights``, lower is better)
        of the rows matching an FTS5 expression, one ``?`` per table."""
        return " UNION ALL ".join(
            f"SELECT rowid, bm25(fts, {weights}) AS score FROM {schema}.fts WHERE fts MATCH ?"
            for schema in self.schemas
        )

    def params(self, match: str) -> list[object]:
        """The parameters of :meth:`matching_rowids` or :meth:`scored`."""
        return [match] * len(self.schemas)


MAIN_FULLTEXT = FulltextTables()
