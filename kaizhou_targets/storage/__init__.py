"""Everything that touches files lives in this package."""
