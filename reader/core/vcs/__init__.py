"""Version control and sync tools: the user's own ``git``, run as a
subprocess (never a shell, always with a timeout), and the conflict copies
that Syncthing, Dropbox and Nextcloud leave.  No Qt here.

Everything degrades cleanly: without ``git`` on the ``PATH``, or outside a
work tree, :func:`reader.core.vcs.git.open_repo` raises
:class:`~reader.core.vcs.git.GitUnavailable` with a message that says which.
"""
