"""Report: one dyad as HTML (self-contained, offline), Markdown or PDF, every statement cited."""
