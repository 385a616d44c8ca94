"""The one call into WeasyPrint: a print document to a tagged PDF (PDF/UA-1)."""

from __future__ import annotations

VARIANT = "pdf/ua-1"


class RendererMissing(RuntimeError):
    pass


def version() -> str:
    """WeasyPrint's version, without importing it (an unchanged build never loads WeasyPrint)."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("weasyprint")
    except PackageNotFoundError as exc:
        raise RendererMissing("WeasyPrint is not installed; run 'make .venv/.installed'") from exc


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz is not installed
        raise RendererMissing(
            f"WeasyPrint cannot start ({exc}); run 'make pdflibs' (Debian's Pango, HarfBuzz "
            "and fonts) and 'make .venv/.installed'"
        ) from exc
    return weasyprint


def render(document: str, base_url: str) -> tuple[bytes, int]:
    """The PDF of ``document`` and its number of pages; relative image paths resolve against ``base_url``."""
    weasyprint = _weasyprint()
    rendered = weasyprint.HTML(string=document, base_url=base_url).render(pdf_variant=VARIANT)
    data = rendered.write_pdf(pdf_variant=VARIANT, pdf_tags=True)
    return data, len(rendered.pages)


def main(argv: list[str]) -> int:
    """``python -m ketenwijzer.printing.render DOCUMENT BASE_URL TARGET``: render, print the page count."""
    source, base_url, target = argv
    with open(source, encoding="utf-8") as handle:
        data, pages = render(handle.read(), base_url)
    with open(target, "wb") as handle:
        handle.write(data)
    print(pages)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
