"""Authoring checks run by the tests: coverage map, glossary, paraphrase, clinical numbers."""
