"""Operations: backup and restore (an interface app: commands for operators)."""
