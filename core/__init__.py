"""The layer below both loaders and analysis: the frozen records every stage passes on and the conventions of
table cells. Imports nothing of the project (``loaders`` and ``analysis`` import it, never the reverse)."""
