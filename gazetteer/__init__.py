"""Afghan gazetteer: place names in press spellings -> coordinates and provinces."""
