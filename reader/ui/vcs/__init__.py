"""Git and sync-tool conflicts in the window: status marks and groups,
history, commit, pull and push, the conflict resolution view."""

from reader.ui.vcs.actions import VcsActions

__all__ = ["VcsActions"]
