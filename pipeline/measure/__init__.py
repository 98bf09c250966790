"""Detection quality on a gold corpus, and speed."""
