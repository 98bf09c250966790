"""Text forms shared by every stage: term matching, Welsh mutations, dates."""
