"""The article and its codec: reading, splitting and parsing a file, dates,
taxonomy, the lossless patch and the one write path (storage).  The bottom
layer of the core.

No Qt here."""
