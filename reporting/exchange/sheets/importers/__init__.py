"""One importer per kind of sheet row, each on `importer.Importer` and `matching.KeyMatcher`."""
