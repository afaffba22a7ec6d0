"""References in the journal's style: pybtex plugins, numbering, rendering, checks and exports."""
