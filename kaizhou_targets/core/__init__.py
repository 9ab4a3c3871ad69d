"""The pure domain: records, parsing and judgement; no files, terminals, spreadsheets, network or click."""
