"""verbale: statements and letters of a treaty secretariat, without Prefect."""
