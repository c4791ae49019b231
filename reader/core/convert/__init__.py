"""Taking articles out of the library and bringing pages in: EPUB and HTML
export, import of saved web pages.  Above ``render`` and ``library``; no Qt."""

#: Single-file pages (MHTML: the page and its images in one MIME message).
#: They are known as pages, to be refused with why: read as HTML they gave an
#: article of quoted-printable ("caf=C3=A9") and "[image]" notes, and, not
#: known as pages, a drop on the window opened their folder as a library.
SINGLE_FILE_SUFFIXES = (".mhtml", ".mht")
#: The names of saved web pages the import takes (or refuses with why).
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", *SINGLE_FILE_SUFFIXES)
