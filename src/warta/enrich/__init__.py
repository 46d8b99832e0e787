"""Offline enrichment of article records: language, sentences, dates, entities, quotes,
keywords, summary and topic."""
