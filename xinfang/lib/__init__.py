"""Pure helpers with no Django models: environment, time, identity data."""
