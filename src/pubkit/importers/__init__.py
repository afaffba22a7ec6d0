"""Importers: article projects made from material that exists elsewhere (JATS, DOCX)."""
