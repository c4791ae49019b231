"""The site around a library: Hexo, Jekyll or Hugo configuration, what
counts as an article, scaffolds, drafts and publishing, and the schema.
No Qt here.  Modules: :mod:`.detect` (the :class:`~.detect.Site`),
:mod:`.scope`, :mod:`.scaffold`, :mod:`.publish`, :mod:`.schema`, :mod:`.fix`.
"""
