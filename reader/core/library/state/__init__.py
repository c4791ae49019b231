"""Reading state: read, starred, read-later, progress, last opened and last
edited, per article, kept in ``.article-reader/state/<device>.jsonl`` at the
library root and merged across devices.  Never inside an article.

* :mod:`.clock`  a hybrid logical clock (one integer per change)
* :mod:`.log`    one device's append-only JSON Lines log: parse, append, compact
* :mod:`.merge`  per-article, per-field merge: the highest ``(t, dev)`` wins
* :mod:`.store`  :class:`ReadingState`, the API the window and the command line use
* :mod:`.searches`  saved searches, kept and merged the same way in
  ``.article-reader/searches/<device>.jsonl``

No Qt here."""

from reader.core.library.state.store import (
    FIELDS,
    ArticleState,
    DeviceEdits,
    MarkAll,
    ReadingState,
    fingerprint,
)

__all__ = ["FIELDS", "ArticleState", "DeviceEdits", "MarkAll", "ReadingState", "fingerprint"]
