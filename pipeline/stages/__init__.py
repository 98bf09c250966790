"""The stages a review goes through: ingest, detect, approve, anonymise, verify, publish."""
