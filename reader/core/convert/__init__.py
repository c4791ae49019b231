"""Taking articles out of the library and bringing pages in: EPUB and HTML
export, import of saved web pages.  Above ``render`` and ``library``; no Qt."""
