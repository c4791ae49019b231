"""What every layer of the core shares: the progress and cancel callbacks of
long operations, and the app's identity and per-user folders.  It imports
nothing else from the core.  No Qt here."""
