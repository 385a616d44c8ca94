"""Page generators: pure functions from the domain to Markdown, HTML or XML.

Registry pages, newsletter pages, navigation, feeds, sitemaps, footers, and the plain Markdown
trees of `ketenwijzer render`. They import the domain, never a framework or an edge module.
"""
