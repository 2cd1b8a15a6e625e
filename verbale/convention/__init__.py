"""The Convention's rules and the data they apply to: States, reports, stockpiles, incidents."""
