"""One module per report section: its sentences, charts and tables together."""
