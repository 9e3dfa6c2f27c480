"""Aid records hold personal data: not in the admin site, whose lists would show names and
amounts unmasked and unlogged. They are read and written through the aid pages."""
