"""Print: the handbook and the story collection as tagged PDFs, assembled from the built site.

``document`` turns built pages into one print document (pure functions),
``render`` is the single call into WeasyPrint, ``books`` decides what to
(re)build, caches it by content hash and links it from the site's pages.
"""

from ketenwijzer.printing.books import Result, build_books, build_finished, build_started
from ketenwijzer.printing.document import PrintError
from ketenwijzer.printing.render import RendererMissing

__all__ = ["PrintError", "RendererMissing", "Result", "build_books", "build_finished", "build_started"]
