"""Site search with Pagefind: what each page adds to the index, the header dialog, the indexing run."""
