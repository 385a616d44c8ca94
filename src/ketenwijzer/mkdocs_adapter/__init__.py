"""The MkDocs adapter: the plugin's events and the one module per upstream seam it relies on.

Everything that knows about MkDocs, Material for MkDocs or mkdocs-static-i18n lives here.
"""
