"""The site as a whole: every source loaded and cross-checked, what is public, what notify announces."""
