"""The append-only event log: each case's timeline and the audit trail in one table."""
