"""Petitions (信访件), the matters they belong to (信访事项), petitioners and attachments."""
